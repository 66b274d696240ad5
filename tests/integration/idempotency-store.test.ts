import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness';
import { IdempotencyStore, canonicalJson, fingerprintOf } from '../../shared/store/idempotency';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await h.wipe();
});
afterAll(async () => h?.close());

describe('IdempotencyStore (emulator)', () => {
  it('claims once; a second claim while in flight is refused with idempotency_in_flight', async () => {
    const store = h.runtime.stores.idempotency;
    const first = await store.claim('u1', 'send-email', 'k', 'fp');
    expect(first.kind).toBe('claimed');
    await expect(store.claim('u1', 'send-email', 'k', 'fp')).rejects.toMatchObject({ code: 'idempotency_in_flight', status: 409 });
    await expect(store.claim('u1', 'send-email', 'k', 'other')).rejects.toMatchObject({ code: 'idempotency_mismatch', status: 422 });
  });

  it('replays a completed record and scopes keys per user and per function', async () => {
    const store = h.runtime.stores.idempotency;
    const claim = await store.claim('u2', 'send-email', 'k', 'fp');
    if (claim.kind !== 'claimed') throw new Error('expected a claim');
    await store.complete(claim.ref, { status: 201, body: { data: { id: 'm1' } } });
    await expect(store.claim('u2', 'send-email', 'k', 'fp')).resolves.toEqual({ kind: 'replay', response: { status: 201, body: { data: { id: 'm1' } } } });
    expect((await store.claim('u3', 'send-email', 'k', 'fp')).kind).toBe('claimed');
    expect((await store.claim('u2', 'post-tweet', 'k', 'fp')).kind).toBe('claimed');
  });

  it('an in-flight claim past its lease reports an unknown outcome, never re-runs', async () => {
    let now = Date.now();
    const store = new IdempotencyStore(h.runtime.stores.db, () => new Date(now));
    await store.claim('u4', 'send-email', 'k', 'fp');
    now += 11 * 60_000;
    await expect(store.claim('u4', 'send-email', 'k', 'fp')).rejects.toMatchObject({ code: 'idempotency_in_flight', details: { outcomeUnknown: true } });
    now += 24 * 3_600_000;
    expect((await store.claim('u4', 'send-email', 'k', 'fp')).kind).toBe('claimed');
  });

  it('fingerprints ignore key order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 1, c: 2 }] })).toBe('{"a":[{"c":2,"d":1}],"b":1}');
    expect(fingerprintOf({ a: 1, b: 2 })).toBe(fingerprintOf({ b: 2, a: 1 }));
    expect(fingerprintOf({ a: 1 })).not.toBe(fingerprintOf({ a: 2 }));
  });
});
