// The secrets the backend reads, by their Secret Manager names.

/** Every secret the backend reads, by its Secret Manager name. */
export const SECRET_NAMES = [
  'token-encryption-key',
  'google-oauth-client-secret',
  'x-client-secret',
  'youtube-api-key',
  'cartpilot-api-key',
  'gemini-api-key',
  'merchant-webhook-secret',
] as const;
export type SecretName = (typeof SECRET_NAMES)[number];

/**
 * Secrets that may be mounted as files. Not token-encryption-key: a mounted file holds a value
 * but not its version number, and that number is part of every ciphertext (its key version and
 * AAD) and must name older versions to decrypt with, so that key is read through the API only.
 */
export const MOUNTABLE_SECRETS: readonly SecretName[] = SECRET_NAMES.filter((n) => n !== 'token-encryption-key');

export function secretEnvName(name: SecretName): string {
  return name.toUpperCase().replace(/-/g, '_');
}
