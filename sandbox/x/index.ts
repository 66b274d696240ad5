// Public surface of the X fake.
export { startXFake } from './x-fake';
export type { XFake } from './x-fake';
export { seedXSandbox, SANDBOX_X_CLIENT, SANDBOX_X_USER } from './seed';
export { OPERATION_SCOPES } from './auth';
