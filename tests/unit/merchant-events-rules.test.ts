import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkMerchantSignature, merchantSecrets } from '../../shared/commerce/merchant-signature';
import { authenticEvent } from '../../shared/commerce/merchant-webhook';
import { movesForward, nextSyncAtMs } from '../../shared/commerce/order-merge';
import { ORDER_STATUSES } from '../../shared/providers/cartpilot/schemas';

// The pure rules behind the merchant webhook and the scheduled order sync: both signature
// schemes, per-merchant secrets, the replay window, forward-only merging and the sync backoff.

const NOW = Date.parse('2026-03-01T12:00:00Z');
const hmac = (secret: string, s: string) => createHmac('sha256', secret).update(s).digest('hex');

function event(timestamp = new Date(NOW).toISOString(), merchant = 'merchant-a') {
  return JSON.stringify({ event_id: 'evt_1', event_type: 'order.shipped', merchant_id: merchant, timestamp, data: { merchant_order_id: 'MO-1' } });
}
function request(raw: string, signature: string, merchant = 'merchant-a') {
  return { method: 'POST', rawBody: Buffer.from(raw), headers: { 'x-merchant-signature': signature, 'x-merchant-id': merchant, 'x-event-id': 'evt_1' } };
}
const check = (secret = 'whsec', nowMs = NOW) => ({ secret, nowMs, toleranceSec: 300 });
const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e as { code: string; details?: Record<string, unknown> };
  }
  throw new Error('expected a refusal');
};

describe('merchant signature schemes', () => {
  const raw = Buffer.from(event());
  const t = String(NOW / 1000);
  it('accepts t=<unix>,v1=<hex HMAC of "<t>.<raw body>">, also among several v1 entries while rotating', () => {
    const v1 = hmac('whsec', `${t}.${raw.toString()}`);
    expect(checkMerchantSignature(['whsec'], raw, `t=${t},v1=${v1}`)).toEqual({ valid: true, signedAtSec: NOW / 1000 });
    expect(checkMerchantSignature(['whsec'], raw, `t=${t},v1=${'0'.repeat(64)},v1=${v1}`).valid).toBe(true);
    expect(checkMerchantSignature(['old', 'whsec'], raw, `t=${t},v1=${v1}`).valid).toBe(true);
  });

  it('refuses a v1 signature over another time, another body, without t, or under another secret', () => {
    const v1 = hmac('whsec', `${t}.${raw.toString()}`);
    expect(checkMerchantSignature(['whsec'], raw, `t=${Number(t) + 1},v1=${v1}`).valid).toBe(false);
    expect(checkMerchantSignature(['whsec'], Buffer.from(`${raw} `), `t=${t},v1=${v1}`).valid).toBe(false);
    expect(checkMerchantSignature(['whsec'], raw, `v1=${v1}`).valid).toBe(false);
    expect(checkMerchantSignature(['other'], raw, `t=${t},v1=${v1}`).valid).toBe(false);
    expect(checkMerchantSignature([], raw, `sha256=${hmac('whsec', raw.toString())}`).valid).toBe(false);
  });

  it('reads one secret for all merchants, or one (or a rotating list) per merchant with a "*" default', () => {
    expect(merchantSecrets('plain-secret', 'merchant-a')).toEqual(['plain-secret']);
    const map = JSON.stringify({ 'merchant-a': 'sa', 'merchant-b': ['sb-new', 'sb-old'], '*': 'fallback' });
    expect(merchantSecrets(map, 'merchant-a')).toEqual(['sa']);
    expect(merchantSecrets(map, 'merchant-b')).toEqual(['sb-new', 'sb-old']);
    expect(merchantSecrets(map, 'merchant-z')).toEqual(['fallback']);
    expect(merchantSecrets(JSON.stringify({ 'merchant-a': 'sa' }), 'merchant-z')).toEqual([]);
    expect(() => merchantSecrets('{nope', 'merchant-a')).toThrow(expect.objectContaining({ code: 'internal' }));
  });
});

describe('merchant event authenticity and freshness', () => {
  it("verifies a merchant's own secret: another merchant's secret does not sign for it", () => {
    const secret = JSON.stringify({ 'merchant-a': 'sa', 'merchant-b': 'sb' });
    const raw = event();
    expect(authenticEvent(request(raw, `sha256=${hmac('sa', raw)}`), check(secret)).event_id).toBe('evt_1');
    expect(refusal(() => authenticEvent(request(raw, `sha256=${hmac('sb', raw)}`), check(secret))).code).toBe('unauthenticated');
  });

  it('refuses an event dated outside the tolerance either way (sha256: its timestamp; v1: its t)', () => {
    const stale = event(new Date(NOW - 301_000).toISOString());
    const e = refusal(() => authenticEvent(request(stale, `sha256=${hmac('whsec', stale)}`), check()));
    expect(e).toMatchObject({ code: 'unauthenticated', details: { code: 'EVENT_OUTSIDE_TOLERANCE', tolerance_sec: 300 } });
    const future = event(new Date(NOW + 301_000).toISOString());
    expect(refusal(() => authenticEvent(request(future, `sha256=${hmac('whsec', future)}`), check())).code).toBe('unauthenticated');
    const fresh = event(new Date(NOW - 299_000).toISOString());
    expect(authenticEvent(request(fresh, `sha256=${hmac('whsec', fresh)}`), check()).event_id).toBe('evt_1');
    // A naive timestamp (Python's isoformat without an offset) is UTC.
    const naive = event('2026-03-01T11:59:00');
    expect(authenticEvent(request(naive, `sha256=${hmac('whsec', naive)}`), check()).event_id).toBe('evt_1');
    // v1: the signed t decides, whatever the body says.
    const raw = event();
    const t = (NOW - 600_000) / 1000;
    const old = `t=${t},v1=${hmac('whsec', `${t}.${raw}`)}`;
    expect(refusal(() => authenticEvent(request(raw, old), check())).details).toMatchObject({ code: 'EVENT_OUTSIDE_TOLERANCE' });
  });
});

describe('order merging and the scheduled sync', () => {
  it('moves an order only forward along CartPilot’s state machine', () => {
    const forward = ORDER_STATUSES.flatMap((from) => ORDER_STATUSES.filter((to) => movesForward(from, to)).map((to) => `${from}>${to}`));
    expect(forward).toEqual(
      expect.arrayContaining(['pending>confirmed', 'pending>shipped', 'shipped>delivered', 'shipped>cancelled', 'delivered>refunded', 'cancelled>refunded']),
    );
    for (const back of ['delivered>shipped', 'shipped>pending', 'cancelled>shipped', 'refunded>delivered', 'delivered>cancelled', 'shipped>shipped'])
      expect(forward, back).not.toContain(back);
  });

  it('reads open orders less often as they age, and settled or very old ones never', () => {
    const MIN = 60_000;
    const at = (ageMs: number, status: 'pending' | 'shipped' | 'delivered' = 'pending') => {
      const next = nextSyncAtMs(status, NOW - ageMs, NOW);
      return next === null ? null : (next - NOW) / MIN;
    };
    expect([at(0), at(2 * 60 * MIN), at(3 * 24 * 60 * MIN), at(10 * 24 * 60 * MIN), at(40 * 24 * 60 * MIN)]).toEqual([5, 30, 180, 720, 1440]);
    expect(at(61 * 24 * 60 * MIN)).toBeNull();
    expect(at(0, 'shipped')).toBe(5);
    expect(at(0, 'delivered')).toBeNull();
    expect(nextSyncAtMs('cancelled', NOW, NOW)).toBeNull();
  });
});
