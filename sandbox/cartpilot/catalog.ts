// The fake's merchants' shelves: lookups, live prices and stock, and the query matching behind
// offer collection. Deterministic so tests can name ids and predict totals; each fake instance
// works on its own deep copy of the seed data, so setPrice/setStock never leak between tests.
import type { Currency, OfferItem } from '../../shared/providers/cartpilot/schemas';
import { MERCHANTS, PRODUCTS, type FakeMerchant, type FakeProduct, type FakeVariant } from './catalog-data';

export { CATALOG_IDS } from './catalog-data';
export type { FakeMerchant, FakeProduct, FakeVariant } from './catalog-data';

/** A resolved purchasable unit: a product without variants, or one variant of a product. */
export interface Sellable {
  product: FakeProduct;
  variant: FakeVariant | null;
  sku: string;
  title: string;
  priceCents: number;
  stock: number;
}

export class Catalog {
  readonly merchants: FakeMerchant[] = structuredClone(MERCHANTS);
  readonly products: FakeProduct[] = structuredClone(PRODUCTS);

  merchant(id: string): FakeMerchant | undefined {
    return this.merchants.find((m) => m.id === id);
  }

  product(id: string): FakeProduct | undefined {
    return this.products.find((p) => p.id === id);
  }

  /** Resolves a line, or returns why the merchant would refuse it. */
  resolve(merchantId: string, productId: string, variantId: string | null | undefined): Sellable | string {
    const p = this.product(productId);
    if (!p || p.merchantId !== merchantId) return `Product not found: ${productId}`;
    if (!p.variants) {
      if (variantId) return `Product ${productId} has no variant ${variantId}`;
      return { product: p, variant: null, sku: p.sku!, title: p.title, priceCents: p.priceCents!, stock: p.stock! };
    }
    if (!variantId) return `Product ${productId} requires a variant_id`;
    const vr = p.variants.find((x) => x.id === variantId);
    if (!vr) return `Variant not found: ${productId}/${variantId}`;
    return { product: p, variant: vr, sku: vr.sku, title: `${p.title} (${vr.name})`, priceCents: vr.priceCents, stock: vr.stock };
  }

  /** A null variant sets a product without variants, or every variant of one that has them. */
  setPrice(productId: string, variantId: string | null, cents: number): void {
    if (!Number.isInteger(cents) || cents < 0) throw new Error(`price must be integer cents ≥ 0, got ${cents}`);
    this.update(productId, variantId, (t) => (t.priceCents = cents));
  }

  setStock(productId: string, variantId: string | null, qty: number): void {
    if (!Number.isInteger(qty) || qty < 0) throw new Error(`stock must be an integer ≥ 0, got ${qty}`);
    this.update(productId, variantId, (t) => (t.stock = qty));
  }

  adjustStock(productId: string, variantId: string | null, delta: number): void {
    this.update(productId, variantId, (t) => (t.stock = Math.max(0, (t.stock ?? 0) + delta)));
  }

  /** Offer lines per merchant for a free-text query; see matches() for the (simple) rule. */
  search(query: string): Map<string, OfferItem[]> {
    const tokens = tokenize(query);
    let hits = this.products.filter((p) => matches(p, tokens));
    // Nothing matched at all: every merchant offers everything, so an agent always gets offers.
    if (hits.length === 0) hits = this.products;
    const out = new Map<string, OfferItem[]>();
    for (const m of this.merchants) {
      const items = hits.filter((p) => p.merchantId === m.id).flatMap((p) => this.offerItems(p, m.currency));
      if (items.length) out.set(m.id, items);
    }
    return out;
  }

  private offerItems(p: FakeProduct, currency: Currency): OfferItem[] {
    const units = p.variants ? p.variants.map((vr) => this.resolve(p.merchantId, p.id, vr.id)) : [this.resolve(p.merchantId, p.id, null)];
    return units
      .filter((u): u is Sellable => typeof u !== 'string')
      .map((u) => ({
        product_id: p.id,
        variant_id: u.variant?.id ?? null,
        sku: u.sku,
        title: u.title,
        description: p.description,
        brand: p.brand,
        category_path: p.categoryPath,
        price: { amount: u.priceCents, currency },
        quantity_available: u.stock,
        image_url: `https://images.example.test/${p.id}.jpg`,
        rating: p.rating,
        review_count: p.reviewCount,
      }));
  }

  private update(productId: string, variantId: string | null, f: (t: { priceCents?: number; stock?: number }) => void): void {
    const p = this.product(productId);
    if (!p) throw new Error(`unknown product ${productId}`);
    if (!p.variants) {
      if (variantId) throw new Error(`product ${productId} has no variants`);
      return f(p);
    }
    const targets = variantId ? p.variants.filter((x) => x.id === variantId) : p.variants;
    if (targets.length === 0) throw new Error(`unknown variant ${productId}/${variantId}`);
    targets.forEach(f);
  }
}

function tokenize(q: string): string[] {
  return q
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length >= 3 && !/^\d+$/.test(t));
}

/** A token matches a keyword or title word by prefix, so "headphone" finds "headphones". */
function matches(p: FakeProduct, tokens: string[]): boolean {
  const words = [...p.keywords, ...tokenize(p.title), p.brand.toLowerCase()];
  return tokens.some((t) => words.some((w) => w.startsWith(t) || t.startsWith(w)));
}
