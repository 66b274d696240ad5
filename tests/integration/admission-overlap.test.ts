import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { effectPaths } from '../../shared/store/effects/effect-paths';
import { CallLog } from '../support/call-log';
import { startHarness, type Harness } from '../support/harness';

// A run's admission (shared/actions/admission.ts): its rate-limit count, the idempotency claim and
// the read of the caller's connections start together instead of one after another — on a cold
// instance each is a Firestore round trip. What must not change: the session reads the
// connections once, nothing reaches the provider before the count says yes, a refused request
// leaves no effect applied.
// (A write never running on a remembered connection: connection-reuse.test.ts.)

const UID = 'dev-user';
const ANA = 'ana@example.com';
const clock = { at: Date.parse('2026-07-01T12:00:10Z'), now: () => new Date(clock.at) };
let h: Harness;
const calls = new CallLog();

beforeAll(async () => {
  h = await startHarness({ clock, extraEnv: { RATE_LIMIT_WRITES_PER_MIN: '2', RATE_LIMIT_READS_PER_MIN: '50' } });
  // Observe the real stores' calls, in the order they start and settle.
  const { throttle, idempotency, connections } = h.runtime.stores;
  calls.observe(throttle, 'take', 'count');
  calls.observe(idempotency, 'claim', 'claim');
  calls.observe(connections, 'listForUse', 'connections');
}, 60_000);
afterAll(async () => h?.close());
beforeEach(async () => {
  await h.wipe();
  clock.at += 60_000; // a minute of its own: a fresh rate-limit window
  await h.connectGoogle(UID, ANA);
  calls.clear();
});

const sends = () => h.google.requests.filter((r) => r.path.endsWith('/messages/send')).length;
const mail = (subject: string) => ({ to: ['bo@example.com'], subject, text: 'Hello.' });

describe('admission overlaps the first waits of a request', () => {
  it('a send counts its rate limit, claims its key and reads the connection at once; the connection is read once', async () => {
    const res = await h.call('send-email', mail('Overlap'), { headers: { 'idempotency-key': 'overlap-1' } });
    expect(res.status, res.text).toBe(201);
    // All three started before the first of them settled.
    expect(calls.startedBefore()).toEqual(['claim:start', 'connections:start', 'count:start']);
    expect(calls.count('connections')).toBe(1);
    expect(sends()).toBe(1);
  });

  it('a refused send reaches no provider, its effect is recorded as not applied, and the same key may be used again later', async () => {
    expect((await h.call('send-email', mail('One'))).status).toBe(201);
    expect((await h.call('send-email', mail('Two'))).status).toBe(201);
    const before = sends();
    const refused = await h.call('send-email', mail('Three'), { headers: { 'idempotency-key': 'refused-1' } });
    expect(refused.status, refused.text).toBe(429);
    expect(refused.json.error.code).toBe('rate_limited');
    expect(sends()).toBe(before);
    const db = await h.runtime.stores.db();
    const records = await effectPaths.effects(db, UID).get();
    expect(records.docs.map((d) => d.get('status')).sort()).toEqual(['applied', 'applied', 'not_applied']);
    // The refusal released the key: the next minute, the same request goes through once.
    clock.at += 60_000;
    const later = await h.call('send-email', mail('Three'), { headers: { 'idempotency-key': 'refused-1' } });
    expect(later.status, later.text).toBe(201);
    expect(sends()).toBe(before + 1);
  });

  it('a read reads the connection while its rate limit is counted, and a warm read reuses what it read', async () => {
    expect((await h.call('list-calendar-events', {})).status).toBe(200);
    expect(calls.startedBefore()).toEqual(['connections:start', 'count:start']);
    calls.clear();
    expect((await h.call('list-calendar-events', {})).status).toBe(200);
    // Answered from this instance's memory of the read (CONNECTION_REUSE_SEC): one lookup, no Firestore read.
    expect(calls.count('connections')).toBe(1);
  });
});
