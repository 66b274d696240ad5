// The project's own zod schemas of the CartPilot API, one import for callers. Split by resource:
// common (money, pagination, errors), intents (+ offers), checkouts, orders, webhooks.
export * from './common-schemas';
export * from './intent-schemas';
export * from './checkout-schemas';
export * from './order-schemas';
export * from './webhook-schemas';
export { frozenReceiptHash, verifyFrozenReceipt } from './receipt-hash';
