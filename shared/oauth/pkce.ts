import { createHash, randomBytes } from 'node:crypto';

// PKCE (RFC 7636) with S256 only: "plain" would put the verifier itself in the consent URL.
// 32 random bytes give a 43-character verifier, the minimum length and 256 bits of entropy.

export interface PkcePair {
  verifier: string;
  challenge: string;
}

/** BASE64URL(SHA256(ASCII(code_verifier))), RFC 7636 §4.2. */
export function s256Challenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

export function createPkcePair(random: (bytes: number) => Buffer = randomBytes): PkcePair {
  const verifier = random(32).toString('base64url');
  return { verifier, challenge: s256Challenge(verifier) };
}
