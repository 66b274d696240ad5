import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config';
import type { AppError } from '../../shared/errors';
import { createLogger } from '../../shared/log';
import { cartPilotApi } from '../../shared/providers/cartpilot/api';
import { isCartPilotRefusal } from '../../shared/providers/cartpilot/errors';
import { upstreamKey } from '../../shared/providers/cartpilot/idempotency-keys';
import type { SecretSource } from '../../shared/secrets';
import { startCartPilotFake, type CartPilotFake } from '../../sandbox/cartpilot';

// The CartPilot client against the fake: headers, retry rules and error mapping.

const KEY = 'cp_unit_key_123456';
let fake: CartPilotFake;
beforeAll(async () => {
  fake = await startCartPilotFake({ apiKey: KEY });
});
afterAll(async () => fake?.close());
beforeEach(() => fake.clearFaults());

const secrets = (value = KEY): SecretSource => ({ get: async () => ({ value, version: '1' }), has: async () => true });
function api(opts: { url?: string | null; key?: string } = {}) {
  const env: Record<string, string> = { GOOGLE_CLOUD_PROJECT: 'p', AUTH_MODE: 'dev', UPSTREAM_TIMEOUT_MS: '2000' };
  if (opts.url !== null) env.CARTPILOT_API_URL = opts.url ?? fake.url;
  return cartPilotApi({
    config: loadConfig(env),
    secrets: secrets(opts.key),
    requestId: 'req-unit-0001',
    signal: new AbortController().signal,
    log: createLogger({ sink: () => {} }),
  });
}
const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e as AppError,
  );

describe('CartPilot client', () => {
  it('sends the API key, the request id and an Idempotency-Key on POSTs; parses with the schemas', async () => {
    const from = fake.requests.length;
    const intent = await api().createIntent({ query: 'wireless headphones' }, 'k-intent-1');
    expect(intent.query).toBe('wireless headphones');
    const offers = await api().getIntentOffers(intent.id, 1, 5);
    expect(offers.items.length).toBeGreaterThan(0);
    const [post, get] = fake.requests.slice(from);
    expect(post?.headers).toMatchObject({
      authorization: `Bearer ${KEY}`,
      'x-request-id': 'req-unit-0001',
      'idempotency-key': expect.stringMatching(/^k-intent-1\.[0-9a-f]{8}$/),
    });
    expect(get?.query).toEqual({ page: '1', page_size: '5' });
  });

  it('retries a read on 503, never a write; resends a write only when its answer was lost', async () => {
    fake.inject({ match: { method: 'GET', path: /^\/offers\// }, status: 503 });
    const from = fake.requests.length;
    expect(await failure(api().getOffer('offer_nope'))).toMatchObject({ code: 'not_found', details: { error_code: 'OFFER_NOT_FOUND' } });
    expect(fake.requests.length - from).toBe(2);

    fake.inject({ match: { method: 'POST', path: '/intents' }, status: 503 });
    const write = fake.requests.length;
    expect(await failure(api().createIntent({ query: 'x' }, 'k-503'))).toMatchObject({ code: 'upstream_unavailable' });
    expect(fake.requests.length - write).toBe(1);

    fake.inject({ match: { method: 'POST', path: '/intents' }, status: 0 });
    const lost = fake.requests.length;
    await api().createIntent({ query: 'y' }, 'k-lost');
    const sent = fake.requests.slice(lost).map((r) => r.headers['idempotency-key']);
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatch(/^k-lost\./);
    expect(sent[1]).toBe(sent[0]);
  });

  it('never reuses a key across API keys: CartPilot replays before it checks the key, and caches 401s', async () => {
    const from = fake.requests.length;
    expect(await failure(api({ key: 'old-key' }).createIntent({ query: 'lamp' }, 'k-rot'))).toMatchObject({ code: 'internal' });
    const fixed = await api().createIntent({ query: 'lamp' }, 'k-rot');
    expect(fixed.query).toBe('lamp');
    const [first, second] = fake.requests.slice(from).map((r) => r.headers['idempotency-key']);
    expect(first).toMatch(/^k-rot\./);
    expect(second).toMatch(/^k-rot\./);
    expect(second).not.toBe(first);
  });

  it('sends cancel without a key and never resends it: CartPilot would refuse the repeat', async () => {
    fake.inject({ match: { method: 'POST', path: /\/cancel$/ }, status: 0 });
    const from = fake.requests.length;
    expect(await failure(api().cancelOrder('ord_none', 'r', 'customer:x'))).toMatchObject({ code: 'upstream_unavailable', details: { outcome: 'unknown' } });
    const sent = fake.requests.slice(from);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.headers['idempotency-key']).toBeUndefined();
  });

  it('maps CartPilot errors to ours, keeping error_code', async () => {
    fake.inject({ match: { path: '/intents' }, status: 429, headers: { 'retry-after': '7' } });
    expect(await failure(api().createIntent({ query: 'x' }, 'k-429'))).toMatchObject({ code: 'rate_limited', retryAfterSec: 7 });
    expect(await failure(api({ key: 'wrong' }).getOffer('o'))).toMatchObject({ code: 'internal', details: { error_code: 'INVALID_API_KEY' } });
    expect(await failure(api().quoteCheckout('chk_none', { items: [{ product_id: 'p', quantity: 1 }] }, 'k-q'))).toMatchObject({
      code: 'not_found',
      details: { error_code: 'CHECKOUT_NOT_FOUND' },
    });
    fake.inject({ match: { path: '/intents' }, status: 400, body: { error_code: 'INVALID_STATE', message: 'nope', details: [] } });
    expect(await failure(api().createIntent({ query: 'x' }, 'k-400'))).toMatchObject({ code: 'conflict', details: { error_code: 'INVALID_STATE' } });
    fake.inject({
      match: { path: '/intents' },
      status: 409,
      body: {
        error_code: 'REAPPROVAL_REQUIRED',
        message: 'm',
        checkout_id: 'c',
        original_total: { amount: 1, currency: 'USD' },
        new_total: { amount: 2, currency: 'USD' },
      },
    });
    expect(await failure(api().createIntent({ query: 'x' }, 'k-409'))).toMatchObject({
      code: 'conflict',
      details: { code: 'REAPPROVAL_REQUIRED', new_total: { amount: 2 } },
    });
    // As the real server sends it: the code alone, no totals.
    fake.inject({ match: { path: '/intents' }, status: 409, body: { error_code: 'REAPPROVAL_REQUIRED', message: 'm', details: [], request_id: 'r' } });
    const bare = await failure(api().createIntent({ query: 'x' }, 'k-409b'));
    expect(bare).toMatchObject({ code: 'conflict', details: { code: 'REAPPROVAL_REQUIRED', error_code: 'REAPPROVAL_REQUIRED' } });
    expect(isCartPilotRefusal(bare)).toBe(true);
    fake.inject({ match: { path: '/intents' }, status: 400, body: { error_code: 'INVALID_TRANSITION', message: 'no', details: [] } });
    expect(await failure(api().createIntent({ query: 'x' }, 'k-400b'))).toMatchObject({ code: 'conflict', details: { error_code: 'INVALID_TRANSITION' } });
    const invalid = await failure(api().createIntent({ query: '' }, 'k-422'));
    expect(invalid).toMatchObject({ code: 'invalid_input', details: { error_code: 'VALIDATION_ERROR' } });
    expect(await failure(api({ url: null }).getOffer('o'))).toMatchObject({ code: 'not_connected', details: { provider: 'cartpilot', configured: false } });
  });

  it('derives idempotency keys from the operation: stable, per user, opaque', () => {
    expect(upstreamKey('ana', 'confirm', 'chk_1', 'abc')).toBe(upstreamKey('ana', 'confirm', 'chk_1', 'abc'));
    expect(upstreamKey('ana', 'confirm', 'chk_1', 'abc')).not.toBe(upstreamKey('bo', 'confirm', 'chk_1', 'abc'));
    expect(upstreamKey('ana', 'confirm', 'chk_1', 'abc')).not.toContain('ana');
    expect(upstreamKey('ana', 'confirm', 'chk_1', 'abc')).toMatch(/^[\x21-\x7e]{1,255}$/);
  });
});
