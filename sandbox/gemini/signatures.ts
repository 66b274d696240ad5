import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

// Thought signatures, the way the fake issues and checks them. Gemini's are opaque encrypted
// bytes it can verify on the way back; the fake's are a nonce plus an HMAC over what the signature
// was issued for (a function call's name and arguments, or "a text part"), so a signature that was
// altered, invented, or moved onto another call is refused like a corrupted one, and signatures
// stay valid across restarts of the fake (the offline sandbox keeps conversations in Firestore).
// Only the documented placeholders are accepted unverified.
// https://ai.google.dev/gemini-api/docs/thought-signatures

const KEY = 'gemini-fake thought signatures (not a secret)';
const NONCE_BYTES = 12;
const MAC_BYTES = 20;

/** Google's documented stand-ins for a call whose signature was lost (e.g. history from another model). */
export const PLACEHOLDER_SIGNATURES = new Set(['skip_thought_signature_validator', 'context_engineering_is_the_way_to_go']);

export type SignedPart = { kind: 'call'; name: string; args: unknown } | { kind: 'text' };

export function sign(part: SignedPart): string {
  const nonce = randomBytes(NONCE_BYTES);
  return Buffer.concat([nonce, mac(nonce, part)]).toString('base64');
}

/** True when `signature` was issued by the fake for this very part (or is a documented placeholder). */
export function verify(signature: string, part: SignedPart): boolean {
  if (PLACEHOLDER_SIGNATURES.has(signature)) return true;
  const raw = Buffer.from(signature, 'base64');
  if (raw.length !== NONCE_BYTES + MAC_BYTES) return false;
  const nonce = raw.subarray(0, NONCE_BYTES);
  return timingSafeEqual(raw.subarray(NONCE_BYTES), mac(nonce, part));
}

function mac(nonce: Buffer, part: SignedPart): Buffer {
  const what = part.kind === 'call' ? `call\n${part.name}\n${canonical(part.args ?? {})}` : 'text';
  return createHmac('sha256', KEY).update(nonce).update(what).digest().subarray(0, MAC_BYTES);
}

/** JSON with object keys sorted, so {a,b} and {b,a} are the same arguments. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}
