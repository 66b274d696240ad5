// The CartPilot fake's public surface: start it, name catalog ids, sign merchant webhooks.
export { startCartPilotFake, type CartPilotFake } from './server';
export { CATALOG_IDS } from './catalog';
