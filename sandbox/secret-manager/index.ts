// Public surface of the Secret Manager fake.
export { startSecretManagerFake } from './secret-manager-fake';
export type { SecretManagerFake } from './secret-manager-fake';
export { crc32c } from './crc32c';
