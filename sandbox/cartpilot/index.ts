// The CartPilot fake's public surface: start it, name catalog ids, sign merchant webhooks.
export { startCartPilotFake, type CartPilotFake, type CartPilotFakeOptions, type RecordedRequest } from './server';
export type { CartPilotFault } from './faults';
export type { AdvanceOptions } from './order-flow';
export { CATALOG_IDS } from './catalog';
export { FAKE_UCP_VERSION, rawWebhookBody, signWebhook, type SignOptions } from './webhooks';
