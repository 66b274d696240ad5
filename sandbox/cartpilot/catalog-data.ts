// The fake's seed catalog: three merchants (two USD, one EUR) and a dozen products, some with
// variants, one variant deliberately out of stock. Prices are integer cents. Enough variety for the
// sandbox's shopping journeys: headphones under and over $100 at two merchants, coffee grinders in
// USD and EUR. Tests rely on which merchants a query reaches (see CATALOG_IDS), so a new product's
// words must not prefix-match another merchant's test queries.
import type { Currency } from '../../shared/providers/cartpilot/schemas';

export interface FakeMerchant {
  id: string;
  name: string;
  currency: Currency;
  /** Tax in basis points of the subtotal, rounded half-up to a cent. */
  taxBps: number;
  shippingCents: number;
  /** Subtotals at or above this ship free. */
  freeShippingOverCents: number;
}

export interface FakeVariant {
  id: string;
  name: string;
  sku: string;
  priceCents: number;
  stock: number;
}

export interface FakeProduct {
  id: string;
  merchantId: string;
  title: string;
  description: string;
  brand: string;
  categoryPath: string;
  keywords: string[];
  rating: number;
  reviewCount: number;
  /** Products without variants carry sku/price/stock themselves. */
  sku?: string;
  priceCents?: number;
  stock?: number;
  variants?: FakeVariant[];
}

/** Ids tests can rely on. */
export const CATALOG_IDS = {
  merchants: { acmeAudio: 'merchant-a', boltOutdoor: 'merchant-b', cafeEuropa: 'merchant-c' },
  products: {
    /** merchant-a, USD, variants var-x1-black (7999, stock 25) and var-x1-white (8499, stock 2). */
    headphonesX1: 'prod-headphones-x1',
    /** merchant-a, USD, no variants, 12999, stock 10. */
    earbudsNc2: 'prod-earbuds-nc2',
    /** merchant-b, USD, variants var-shoe-9 (stock 5), var-shoe-10 (stock 0), var-shoe-11 (stock 4), 8999 each. */
    trailShoes: 'prod-trail-shoes',
    /** merchant-b, USD, no variants, 2499, stock 100. */
    waterBottle: 'prod-bottle-750',
    /** merchant-b, USD, no variants, 5999, stock 15. */
    sportHeadphones: 'prod-headphones-sport',
    /** merchant-c, EUR, no variants, 4500, stock 7. */
    coffeeGrinder: 'prod-grinder-m1',
    /** merchant-c, EUR, variants var-beans-whole (1890, stock 50) and var-beans-ground (1890, stock 30). */
    espressoBeans: 'prod-espresso-1kg',
    /** merchant-a, USD, no variants, 19999, stock 6. */
    studioHeadphones: 'prod-headphones-studio',
    /** merchant-a, USD, no variants, 3999, stock 40. */
    speakerMini: 'prod-speaker-mini',
    /** merchant-b, USD, no variants, 3499, stock 20. */
    campGrinder: 'prod-grinder-camp',
    /** merchant-b, USD, variants var-pack-grey (6999, stock 12) and var-pack-green (6999, stock 3). */
    daypack: 'prod-daypack-28',
    /** merchant-c, EUR, no variants, 3200, stock 18. */
    mokaPot: 'prod-moka-pot',
  },
} as const;

export const MERCHANTS: FakeMerchant[] = [
  { id: 'merchant-a', name: 'Acme Audio', currency: 'USD', taxBps: 825, shippingCents: 599, freeShippingOverCents: 5000 },
  { id: 'merchant-b', name: 'Bolt Outdoor', currency: 'USD', taxBps: 600, shippingCents: 899, freeShippingOverCents: 10000 },
  { id: 'merchant-c', name: 'Café Europa', currency: 'EUR', taxBps: 1900, shippingCents: 490, freeShippingOverCents: 5000 },
];

const v = (id: string, name: string, sku: string, priceCents: number, stock: number): FakeVariant => ({ id, name, sku, priceCents, stock });

export const PRODUCTS: FakeProduct[] = [
  {
    id: 'prod-headphones-x1',
    merchantId: 'merchant-a',
    title: 'Wireless Headphones X1',
    description: 'Over-ear Bluetooth headphones, 30 h battery.',
    brand: 'Acme',
    categoryPath: 'Electronics > Audio > Headphones',
    keywords: ['headphones', 'wireless', 'bluetooth', 'audio'],
    rating: 4.4,
    reviewCount: 812,
    variants: [v('var-x1-black', 'Black', 'ACME-X1-BLK', 7999, 25), v('var-x1-white', 'White', 'ACME-X1-WHT', 8499, 2)],
  },
  {
    id: 'prod-earbuds-nc2',
    merchantId: 'merchant-a',
    title: 'Noise Cancelling Earbuds NC2',
    description: 'In-ear earbuds with active noise cancelling.',
    brand: 'Acme',
    categoryPath: 'Electronics > Audio > Earbuds',
    keywords: ['earbuds', 'headphones', 'wireless', 'noise', 'audio'],
    rating: 4.1,
    reviewCount: 356,
    sku: 'ACME-NC2',
    priceCents: 12999,
    stock: 10,
  },
  {
    id: 'prod-trail-shoes',
    merchantId: 'merchant-b',
    title: 'Trail Running Shoes',
    description: 'Grippy trail runners.',
    brand: 'Bolt',
    categoryPath: 'Sports > Footwear > Running',
    keywords: ['running', 'shoes', 'trail', 'sneakers'],
    rating: 4.6,
    reviewCount: 1290,
    variants: [
      v('var-shoe-9', 'Size 9', 'BOLT-TR-09', 8999, 5),
      v('var-shoe-10', 'Size 10', 'BOLT-TR-10', 8999, 0),
      v('var-shoe-11', 'Size 11', 'BOLT-TR-11', 8999, 4),
    ],
  },
  {
    id: 'prod-bottle-750',
    merchantId: 'merchant-b',
    title: 'Insulated Water Bottle 750ml',
    description: 'Keeps drinks cold for 24 h.',
    brand: 'Bolt',
    categoryPath: 'Sports > Hydration',
    keywords: ['bottle', 'water', 'hydration', 'flask'],
    rating: 4.8,
    reviewCount: 2304,
    sku: 'BOLT-BTL-750',
    priceCents: 2499,
    stock: 100,
  },
  {
    id: 'prod-headphones-sport',
    merchantId: 'merchant-b',
    title: 'Sport Wireless Headphones',
    description: 'Sweat-proof neckband headphones.',
    brand: 'Bolt',
    categoryPath: 'Electronics > Audio > Headphones',
    keywords: ['headphones', 'wireless', 'sport', 'running', 'audio'],
    rating: 3.9,
    reviewCount: 140,
    sku: 'BOLT-SPH',
    priceCents: 5999,
    stock: 15,
  },
  {
    id: 'prod-grinder-m1',
    merchantId: 'merchant-c',
    title: 'Manual Coffee Grinder',
    description: 'Conical burr hand grinder.',
    brand: 'Europa',
    categoryPath: 'Home > Kitchen > Coffee',
    keywords: ['coffee', 'grinder', 'kitchen'],
    rating: 4.5,
    reviewCount: 98,
    sku: 'EUR-GR-M1',
    priceCents: 4500,
    stock: 7,
  },
  {
    id: 'prod-espresso-1kg',
    merchantId: 'merchant-c',
    title: 'Espresso Beans 1kg',
    description: 'Dark roast arabica blend.',
    brand: 'Europa',
    categoryPath: 'Grocery > Coffee',
    keywords: ['coffee', 'espresso', 'beans'],
    rating: 4.3,
    reviewCount: 431,
    variants: [v('var-beans-whole', 'Whole bean', 'EUR-ESP-WB', 1890, 50), v('var-beans-ground', 'Ground', 'EUR-ESP-GR', 1890, 30)],
  },
  {
    id: 'prod-headphones-studio',
    merchantId: 'merchant-a',
    title: 'Studio Headphones Pro',
    description: 'Closed-back wireless studio headphones with a detachable cable, 40 h battery.',
    brand: 'Acme',
    categoryPath: 'Electronics > Audio > Headphones',
    keywords: ['headphones', 'studio', 'wireless', 'audio'],
    rating: 4.7,
    reviewCount: 233,
    sku: 'ACME-STU-PRO',
    priceCents: 19999,
    stock: 6,
  },
  {
    id: 'prod-speaker-mini',
    merchantId: 'merchant-a',
    title: 'Mini Bluetooth Speaker',
    description: 'Pocket-size speaker, 12 h battery, splash-proof.',
    brand: 'Acme',
    categoryPath: 'Electronics > Audio > Speakers',
    keywords: ['speaker', 'bluetooth', 'portable', 'audio'],
    rating: 4.2,
    reviewCount: 610,
    sku: 'ACME-SPK-MINI',
    priceCents: 3999,
    stock: 40,
  },
  {
    id: 'prod-grinder-camp',
    merchantId: 'merchant-b',
    title: 'Camp Coffee Grinder',
    description: 'Compact stainless hand grinder for coffee on the go.',
    brand: 'Bolt',
    categoryPath: 'Outdoor > Camp Kitchen',
    keywords: ['coffee', 'grinder', 'camping', 'outdoor'],
    rating: 4.2,
    reviewCount: 187,
    sku: 'BOLT-GRD-CMP',
    priceCents: 3499,
    stock: 20,
  },
  {
    id: 'prod-daypack-28',
    merchantId: 'merchant-b',
    title: 'Daypack 28L',
    description: 'Light hiking backpack with a rain cover and a laptop sleeve.',
    brand: 'Bolt',
    categoryPath: 'Outdoor > Bags',
    keywords: ['backpack', 'daypack', 'hiking', 'bag'],
    rating: 4.5,
    reviewCount: 512,
    variants: [v('var-pack-grey', 'Grey', 'BOLT-DP28-GRY', 6999, 12), v('var-pack-green', 'Green', 'BOLT-DP28-GRN', 6999, 3)],
  },
  {
    id: 'prod-moka-pot',
    merchantId: 'merchant-c',
    title: 'Moka Pot, 6 Cups',
    description: 'Classic aluminium stovetop espresso maker.',
    brand: 'Europa',
    categoryPath: 'Home > Kitchen > Coffee',
    keywords: ['coffee', 'moka', 'espresso', 'stovetop'],
    rating: 4.6,
    reviewCount: 1022,
    sku: 'EUR-MOKA-6',
    priceCents: 3200,
    stock: 18,
  },
];
