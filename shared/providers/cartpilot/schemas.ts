// The project's own zod schemas of the CartPilot API, one import for callers. Split by resource:
// common (money, pagination, errors), intents (+ offers), checkouts, orders, webhooks.
export * from './common';
export * from './intents';
export * from './checkouts';
export * from './orders';
export * from './webhooks';
export { frozenReceiptHash, frozenReceiptHashInput, verifyFrozenReceipt } from './receipt-hash';
export type { HashableReceipt, HashableReceiptItem } from './receipt-hash';
