// Public surface of the Google fake, for tests and the dev sandbox.
export { startGoogleFake } from './google-fake';
export type { GoogleFake, SeededAccount } from './google-fake';
export { SANDBOX_TIME_ZONE, seedGoogleSandbox } from './sandbox-seed';
export { googleFaults } from './faults';
export { DEFAULT_SCOPES, METHOD_SCOPES, SCOPES } from './scopes';
