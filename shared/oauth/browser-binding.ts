import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { header, type HttpRequest } from '../http/types';

// The connect flow is bound to the browser that started it, not only to the user: oauth-start
// sets a cookie holding a random secret and stores only its SHA-256 in the state document; the
// callback finishes the flow only when the same browser presents the secret. A connect URL sent
// to someone else (the "consent swap": the victim's grant stored under the attacker's account)
// then ends at the callback with 400, before any code exchange.
//
// `__Host-` means: Secure, Path=/, no Domain — only this exact origin can set or read it.
// SameSite=Lax: it is still sent on the top-level GET redirect back from Google/X. HttpOnly: page
// scripts never see it. Over plain http the Secure flag is honoured only on localhost and
// 127.0.0.1 by Chrome and Firefox (they count as secure contexts), which is what the local dev
// host needs; every deployed origin is https.

export const BROWSER_COOKIE = '__Host-oauth-browser';
const SECRET = /^[A-Za-z0-9_-]{43}$/;

/** The binding secret this browser already holds (reused, so parallel flows all stay valid). */
export function browserSecretOf(req: HttpRequest): string | undefined {
  for (const part of (header(req, 'cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== BROWSER_COOKIE) continue;
    const value = part.slice(eq + 1).trim();
    if (SECRET.test(value)) return value;
  }
  return undefined;
}

export function newBrowserSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function browserSecretHash(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Constant-time: whether `presented` is the secret whose hash the state stored. */
export function browserMatches(storedHash: string, presented: string | undefined): boolean {
  const a = Buffer.from(browserSecretHash(presented ?? ''), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return presented !== undefined && a.length === b.length && timingSafeEqual(a, b);
}

/** The Set-Cookie value; `maxAgeSec`: as long as the state it guards lives. */
export function bindingCookie(secret: string, maxAgeSec: number): string {
  return `${BROWSER_COOKIE}=${secret}; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSec}`;
}
