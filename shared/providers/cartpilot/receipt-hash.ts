// CartPilot's frozen-receipt hash. Production recomputes it to check that the receipt a human
// approved is the one CartPilot is about to charge: any change in total, currency, items,
// quantities or unit prices changes the hash.
//
//   hash = sha256("{total_cents}|{currency}|" + "|".join("{product_id}:{variant_id or ''}:{quantity}:{unit_price_cents}"))[:16]
//
// Items are joined in the receipt's own order (CartPilot does not sort them), so order matters.
import { createHash } from 'node:crypto';

export interface HashableReceiptItem {
  product_id: string;
  variant_id?: string | null;
  quantity: number;
  unit_price_cents: number;
}

export interface HashableReceipt {
  total_cents: number;
  currency: string;
  items: readonly HashableReceiptItem[];
}

/** The exact string CartPilot hashes (exported for diagnostics when a hash does not match). */
export function frozenReceiptHashInput(receipt: HashableReceipt): string {
  const lines = receipt.items.map(
    // Python's `variant_id or ''` also maps an empty string to '', which `?? ''` matches.
    (i) => `${i.product_id}:${i.variant_id ?? ''}:${i.quantity}:${i.unit_price_cents}`,
  );
  return `${receipt.total_cents}|${receipt.currency}|${lines.join('|')}`;
}

/** First 16 hex characters of the SHA-256 of frozenReceiptHashInput(receipt). */
export function frozenReceiptHash(receipt: HashableReceipt): string {
  return createHash('sha256').update(frozenReceiptHashInput(receipt), 'utf8').digest('hex').slice(0, 16);
}

/** True when `receipt.hash` is the hash of the receipt's own contents. */
export function verifyFrozenReceipt(receipt: HashableReceipt & { hash: string }): boolean {
  return receipt.hash.toLowerCase() === frozenReceiptHash(receipt);
}
