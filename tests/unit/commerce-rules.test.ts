import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { requireFreshIdentity } from '../../shared/commerce/fresh-identity';
import { verifyMerchantSignature } from '../../shared/commerce/merchant-signature';
import { checkSpendingPolicy, DEFAULT_SPENDING_POLICY } from '../../shared/commerce/spending-policy';
import { isExpired } from '../../shared/commerce/purchase-approvals-store';
import type { ApprovalRecord } from '../../shared/commerce/commerce-records';

const now = new Date('2026-03-01T12:00:00Z');
const sec = now.getTime() / 1000;

describe('fresh identity', () => {
  it('accepts a sign-in within 5 minutes and refuses older or unknown ones', () => {
    expect(() => requireFreshIdentity({ uid: 'a', via: 'firebase', authTime: sec - 60 }, now)).not.toThrow();
    for (const authTime of [sec - 301, undefined]) {
      expect(() => requireFreshIdentity({ uid: 'a', via: 'firebase', authTime }, now)).toThrow(
        expect.objectContaining({ code: 'unauthenticated', details: expect.objectContaining({ code: 'RECENT_LOGIN_REQUIRED' }) }),
      );
    }
  });
});

describe('merchant signatures', () => {
  const raw = Buffer.from('{"event_id":"e1"}');
  const sig = `sha256=${createHmac('sha256', 's3cret').update(raw).digest('hex')}`;
  it('accepts only sha256=<hex HMAC of the raw bytes> under the right secret', () => {
    expect(verifyMerchantSignature('s3cret', raw, sig)).toBe(true);
    expect(verifyMerchantSignature('s3cret', raw, sig.toUpperCase().replace('SHA256=', 'sha256='))).toBe(true);
    expect(verifyMerchantSignature('other', raw, sig)).toBe(false);
    expect(verifyMerchantSignature('s3cret', Buffer.from('{"event_id": "e1"}'), sig)).toBe(false);
    for (const bad of [undefined, '', sig.slice(7), 'sha256=abc', `sha1=${sig.slice(7)}`]) expect(verifyMerchantSignature('s3cret', raw, bad)).toBe(false);
  });
});

describe('spending policy', () => {
  const p = { merchantId: 'merchant-a', currency: 'USD', totalCents: 40_000 };
  it('applies currency, merchant, per-order and per-day rules', () => {
    expect(() => checkSpendingPolicy(DEFAULT_SPENDING_POLICY, p, 60_000)).not.toThrow();
    const code = (f: () => void) => {
      try {
        f();
        return 'ok';
      } catch (e) {
        return (e as { details: { code: string } }).details.code;
      }
    };
    expect(code(() => checkSpendingPolicy(DEFAULT_SPENDING_POLICY, p, 60_001))).toBe('DAILY_LIMIT_EXCEEDED');
    expect(code(() => checkSpendingPolicy(DEFAULT_SPENDING_POLICY, { ...p, totalCents: 50_001 }))).toBe('ORDER_LIMIT_EXCEEDED');
    expect(code(() => checkSpendingPolicy({ ...DEFAULT_SPENDING_POLICY, allowed_currencies: ['EUR'] }, p))).toBe('CURRENCY_NOT_ALLOWED');
    expect(code(() => checkSpendingPolicy({ ...DEFAULT_SPENDING_POLICY, allowed_merchants: ['merchant-b'] }, p))).toBe('MERCHANT_NOT_ALLOWED');
    expect(code(() => checkSpendingPolicy(DEFAULT_SPENDING_POLICY, { ...p, currency: 'JPY' }))).toBe('CURRENCY_NOT_ALLOWED');
  });
});

describe('approval expiry', () => {
  it('expires 15 minutes after the request, checked in code', () => {
    const a = { expiresAtMs: now.getTime() + 15 * 60_000 } as ApprovalRecord;
    expect(isExpired(a, new Date(now.getTime() + 14 * 60_000))).toBe(false);
    expect(isExpired(a, new Date(now.getTime() + 15 * 60_000))).toBe(true);
  });
});
