import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors';
import { WEBHOOK_SIGNATURE_PREFIX } from '../providers/cartpilot/schemas';

// Who signed a merchant event, and when. Two schemes in X-Merchant-Signature:
//   * `sha256=<hex HMAC-SHA256(secret, raw body)>` — CartPilot's merchants today. Only the body
//     is signed, so its `timestamp` field is what dates the event.
//   * `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>` — the agentic-commerce
//     protocols' scheme (as Stripe's): the time is signed with the body; several v1 entries may
//     be sent while a merchant rotates its secret.
// Both are computed over the RAW bytes (a re-serialised body would not match) and compared in
// constant time.

export type SignatureCheck = { valid: false } | { valid: true; signedAtSec?: number };

const HEX64 = /^[0-9a-f]{64}$/i;

export function checkMerchantSignature(secrets: readonly string[], raw: Buffer, header: string | undefined): SignatureCheck {
  if (!header) return { valid: false };
  if (header.startsWith(WEBHOOK_SIGNATURE_PREFIX)) {
    const hex = header.slice(WEBHOOK_SIGNATURE_PREFIX.length).trim();
    return anyMatches(secrets, [hex], (secret) => mac(secret, raw)) ? { valid: true } : { valid: false };
  }
  const parts = header.split(',').map((p) => p.trim().split('='));
  const t = parts.find(([k]) => k === 't')?.[1];
  const v1 = parts.filter(([k, v]) => k === 'v1' && v).map(([, v]) => v as string);
  if (!t || !/^\d{1,12}$/.test(t) || v1.length === 0) return { valid: false };
  const signed = Buffer.concat([Buffer.from(`${t}.`, 'utf8'), raw]);
  return anyMatches(secrets, v1, (secret) => mac(secret, signed)) ? { valid: true, signedAtSec: Number(t) } : { valid: false };
}

/** Today's scheme under one secret (kept for callers that only know that one). */
export function verifyMerchantSignature(secret: string, raw: Buffer, header: string | undefined): boolean {
  return header?.startsWith(WEBHOOK_SIGNATURE_PREFIX) === true && checkMerchantSignature([secret], raw, header).valid;
}

function mac(secret: string, bytes: Buffer): Buffer {
  return createHmac('sha256', secret).update(bytes).digest();
}

function anyMatches(secrets: readonly string[], candidates: readonly string[], expected: (secret: string) => Buffer): boolean {
  const given = candidates.filter((c) => HEX64.test(c)).map((c) => Buffer.from(c, 'hex'));
  // Every secret is tried (no early exit on the first), so timing says nothing about which matched.
  let ok = false;
  for (const secret of secrets) {
    const want = expected(secret);
    for (const g of given) ok = timingSafeEqual(g, want) || ok;
  }
  return ok;
}

/**
 * The secrets a merchant may sign with, from the 'merchant-webhook-secret' value: a plain string
 * is every merchant's secret; a JSON object gives one per merchant id (a string, or a list while
 * rotating), with "*" for merchants not listed. A merchant with none cannot be verified.
 */
export function merchantSecrets(value: string, merchantId: string): string[] {
  const trimmed = value.trim();
  if (!trimmed.startsWith('{')) return [value];
  let map: unknown;
  try {
    map = JSON.parse(trimmed);
  } catch {
    throw new AppError('internal', 'merchant-webhook-secret holds invalid JSON.');
  }
  const entry = (map as Record<string, unknown>)[merchantId] ?? (map as Record<string, unknown>)['*'];
  const list = Array.isArray(entry) ? entry : [entry];
  return list.filter((s): s is string => typeof s === 'string' && s.length > 0);
}
