// Public surface of the Google fake, for tests and the dev sandbox.
export { startGoogleFake } from './google-fake';
export type { AddAccountInput, GoogleFake, GoogleFakeOptions, SeededAccount } from './google-fake';
export { SANDBOX_TIME_ZONE, seedGoogleSandbox } from './sandbox-seed';
export type { SandboxSeed } from './sandbox-seed';
export { googleFaults } from './faults';
export { googleErrorBody } from './errors';
export { DEFAULT_SCOPES, METHOD_SCOPES, SCOPES } from './scopes';
export type { CalendarEvent, EventDateTime, SeedEvent, StoredEvent } from './calendar-store';
export type { SeedMessage, SentMessage, StoredMessage } from './gmail-store';
export type { ConsentBehavior } from './oauth-consent';
export type { GoogleAccount } from './oauth-state';
