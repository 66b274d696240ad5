import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

// A personal access token's wire form: `sfp_<id>_<secret>`. The id (96 random bits, hex) names
// the stored record so verification is one document read; the secret (256 random bits) is kept
// only as its SHA-256. A slow password hash would add nothing: the secret is random, not chosen
// by a person, so it cannot be guessed from its hash. The prefix lets secret scanners find
// leaked tokens and lets the mcp function tell them from Firebase ID tokens (JWTs) at a glance.

export const TOKEN_PREFIX = 'sfp_';
const FORM = /^sfp_([0-9a-f]{24})_([A-Za-z0-9_-]{43})$/;

export interface MintedToken {
  id: string;
  /** Shown to the person once, never stored. */
  token: string;
  secretHash: string;
}

export function mintToken(): MintedToken {
  const id = randomBytes(12).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { id, token: `${TOKEN_PREFIX}${id}_${secret}`, secretHash: hashSecret(secret) };
}

export function looksLikeAccessToken(bearerToken: string): boolean {
  return bearerToken.startsWith(TOKEN_PREFIX);
}

/** The id and secret of a well-formed token, or undefined. */
export function parseToken(token: string): { id: string; secret: string } | undefined {
  const m = FORM.exec(token);
  return m?.[1] && m[2] ? { id: m[1], secret: m[2] } : undefined;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Constant-time comparison of a presented secret with a stored hash. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
