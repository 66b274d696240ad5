// Public surface of the X fake.
export { startXFake } from './x-fake';
export type { XFake, XFakeOptions, RateLimitFault } from './x-fake';
export { seedXSandbox, SANDBOX_X_CLIENT, SANDBOX_X_USER, SANDBOX_X_FRIEND } from './seed';
export type { XSandboxSeed } from './seed';
export type { XUser, XTweet, TokenCall, IssuedTokens } from './state';
export type { RecordedRequest, Fault, FakeServer } from '../fake-server';
export { DEFAULT_RATE_LIMITS } from './api-routes';
export type { RateLimitRules } from './api-routes';
export { OPERATION_SCOPES } from './auth';
