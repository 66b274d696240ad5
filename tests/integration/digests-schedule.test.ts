import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FieldValue } from '@google-cloud/firestore';
import { startHarness, type Harness } from '../support/harness';
import { connectThroughFlow } from '../support/oauth-flow';
import { dispatchDueDigests } from '../../shared/digests/digest-dispatch';
import type { DigestJob, JobPublisher } from '../../shared/digests/publisher';
import { runDigestJob } from '../../shared/digests/worker';
import { startGeminiFake, type GeminiFake } from '../../sandbox/gemini';

// digest-settings (the HTTP contract) and the dispatch schedule on the Firestore emulator, with a
// controllable clock: DST boundaries, the date line, missed runs, rescheduling after a change.
// Publishing goes to an in-memory publisher here; digests-fanout.test.ts uses real Pub/Sub.

let h: Harness;
let gemini: GeminiFake;
const clock = { at: Date.parse('2026-06-15T10:00:00Z'), now: () => new Date(clock.at) };
const published: DigestJob[] = [];
const failFor = new Set<string>();
const publisher: JobPublisher = {
  publish: async (jobs) => jobs.map((j) => (failFor.has(j.uid) ? false : (published.push(j), true))),
  close: async () => undefined,
};

beforeAll(async () => {
  gemini = await startGeminiFake();
  h = await startHarness({ clock, extraEnv: { GEMINI_BASE_URL: gemini.url } });
  h.secretManager.setSecret(h.projectId, 'gemini-api-key', gemini.apiKey);
}, 60_000);
afterAll(async () => {
  await h?.close();
  await gemini?.close();
});
beforeEach(async () => {
  await h.wipe();
  published.splice(0);
  failFor.clear();
});

const as = (uid: string) => ({ authorization: `Bearer dev:${uid}` });
const put = (uid: string, body: unknown) => h.call('digest-settings', body, { method: 'PUT', headers: as(uid) });
const settingsOf = async (uid: string) => (await h.call('digest-settings', undefined, { method: 'GET', headers: as(uid) })).json.data.settings;
const dispatchAt = async (iso: string) => {
  clock.at = Date.parse(iso);
  published.splice(0);
  await dispatchDueDigests({ db: h.runtime.stores.db, publisher, now: clock.now, log: h.runtime.log, deadlineAt: Date.now() + 20_000, pageSize: 3 });
  return published.map((j) => `${j.uid}:${j.localDate}`).sort();
};

describe('digest-settings', () => {
  it('answers 401 to a bad identity with the exact envelope', async () => {
    const res = await h.call('digest-settings', undefined, { method: 'GET', headers: { authorization: 'Bearer garbage' } });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: { code: 'unauthenticated', message: expect.any(String), requestId: res.headers.get('x-request-id') } });
  });

  it('returns defaults (off, own Gmail as the address) before anything is saved', async () => {
    await h.connectGoogle('ana', 'ana@example.com');
    const res = await h.call('digest-settings', undefined, { method: 'GET', headers: as('ana') });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      data: {
        settings: {
          enabled: false,
          local_hour: 7,
          time_zone: 'UTC',
          sections: { calendar: true, email: true, orders: true, youtube_searches: [] },
          delivery_address: 'ana@example.com',
          next_due_at: null,
        },
        recent_digests: [],
      },
    });
  });

  it.each([
    ['Pacific/Kiritimati', 7, '2026-06-15T17:00:00.000Z'], // 16 June there already; 07:00 is still to come
    ['Pacific/Pago_Pago', 7, '2026-06-15T18:00:00.000Z'], // 14 June there; the next 07:00 is on 15 June
    ['America/St_Johns', 7, '2026-06-16T09:30:00.000Z'], // 07:30 NDT now: tomorrow's 07:00
    ['Europe/London', 12, '2026-06-15T11:00:00.000Z'],
  ])('saves %s at %i:00 and schedules the next digest at %s', async (tz, hour, due) => {
    const res = await put('ana', { enabled: true, local_hour: hour, time_zone: tz });
    expect(res.status, res.text).toBe(200);
    expect(res.json.data.settings).toMatchObject({ enabled: true, local_hour: hour, time_zone: tz, next_due_at: due });
  });

  it.each([
    ['an unknown time zone', { enabled: true, local_hour: 7, time_zone: 'Mars/Olympus_Mons' }, 'time_zone'],
    ['hour 24', { enabled: true, local_hour: 24, time_zone: 'UTC' }, 'local_hour'],
    ['an unknown field', { enabled: true, local_hour: 7, time_zone: 'UTC', extra: 1 }, ''],
    [
      'too many saved searches',
      { enabled: true, local_hour: 7, time_zone: 'UTC', sections: { youtube_searches: ['a', 'b', 'c', 'd', 'e', 'f'] } },
      'sections.youtube_searches',
    ],
  ])('refuses %s with 400', async (_name, body, path) => {
    const res = await put('ana', body);
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: 'invalid_input', requestId: res.headers.get('x-request-id') });
    if (path) expect(res.json.error.details.issues.map((i: { path: string[] }) => i.path.join('.'))).toContain(path);
  });

  it("accepts only the user's own addresses as delivery address", async () => {
    await h.connectGoogle('ana', 'ana@example.com');
    await h.connectGoogle('ana', 'ana.work@example.com');
    expect((await put('ana', { enabled: true, local_hour: 7, time_zone: 'UTC', delivery_address: 'stranger@example.com' })).status).toBe(400);
    const ok = await put('ana', { enabled: true, local_hour: 7, time_zone: 'UTC', delivery_address: 'Ana.Work@example.com' });
    expect(ok.json.data.settings.delivery_address).toBe('Ana.Work@example.com');
  });

  it("an unverified Google address (userinfo email_verified: false) is not one of the user's own", async () => {
    // Connected through the real consent flow, so the address and its verification come from userinfo.
    h.google.addAccount({ email: 'unverified@corp.example', emailVerified: false });
    const done = await connectThroughFlow(h, { provider: 'google', account: 'unverified@corp.example' });
    expect(done.status, JSON.stringify(done.json)).toBe(200);
    const [conn] = await h.runtime.stores.connections.list('dev-user', 'google');
    expect(conn).toMatchObject({ email: 'unverified@corp.example', emailVerified: false });
    const res = await put('dev-user', { enabled: true, local_hour: 7, time_zone: 'UTC', delivery_address: 'unverified@corp.example' });
    expect(res.status, res.text).toBe(400);
    // The same flow for a verified account makes its address usable.
    h.google.addAccount({ email: 'verified@corp.example' });
    expect((await connectThroughFlow(h, { provider: 'google', account: 'verified@corp.example' })).status).toBe(200);
    const ok = await put('dev-user', { enabled: true, local_hour: 7, time_zone: 'UTC', delivery_address: 'verified@corp.example' });
    expect(ok.status, ok.text).toBe(200);
    // Two consent flows, each starting the account's push watches: slower than a settings call.
  }, 60_000);

  it('a disabled digest is not scheduled', async () => {
    expect((await put('ana', { enabled: false, local_hour: 7, time_zone: 'UTC' })).json.data.settings.next_due_at).toBeNull();
  });

  it('answers 405 to POST', async () => {
    const res = await h.call('digest-settings', {}, { headers: as('ana') });
    expect(res.status).toBe(405);
  });
});

describe('dispatch across DST changes', () => {
  it('Europe/London spring forward: 01:00 does not exist, the digest goes out as the clocks jump', async () => {
    clock.at = Date.parse('2026-03-28T12:00:00Z');
    await put('lon', { enabled: true, local_hour: 1, time_zone: 'Europe/London' });
    expect((await settingsOf('lon')).next_due_at).toBe('2026-03-29T01:00:00.000Z');
    expect(await dispatchAt('2026-03-29T00:59:59Z')).toEqual([]);
    expect(await dispatchAt('2026-03-29T01:00:00Z')).toEqual(['lon:2026-03-29']);
    expect(await dispatchAt('2026-03-29T02:00:00Z')).toEqual([]);
    expect((await settingsOf('lon')).next_due_at).toBe('2026-03-30T00:00:00.000Z'); // 01:00 BST
  });

  it('Europe/London fall back: 01:00 happens twice, one digest', async () => {
    clock.at = Date.parse('2026-10-24T12:00:00Z');
    await put('lon', { enabled: true, local_hour: 1, time_zone: 'Europe/London' });
    expect(await dispatchAt('2026-10-25T00:00:00Z')).toEqual(['lon:2026-10-25']);
    expect(await dispatchAt('2026-10-25T01:00:00Z')).toEqual([]);
    expect((await settingsOf('lon')).next_due_at).toBe('2026-10-26T01:00:00.000Z'); // 01:00 GMT
  });
});

describe('dispatch scheduling', () => {
  it('sends the date line zones their own local dates from the same hourly run', async () => {
    clock.at = Date.parse('2026-06-15T09:00:00Z');
    await put('kir', { enabled: true, local_hour: 0, time_zone: 'Pacific/Kiritimati' });
    await put('ppg', { enabled: true, local_hour: 23, time_zone: 'Pacific/Pago_Pago' });
    await put('stj', { enabled: true, local_hour: 7, time_zone: 'America/St_Johns' });
    expect(await dispatchAt('2026-06-15T10:00:00Z')).toEqual(['kir:2026-06-16', 'ppg:2026-06-14', 'stj:2026-06-15']);
  });

  it('after missed runs sends only the latest date, once', async () => {
    clock.at = Date.parse('2026-06-15T08:00:00Z');
    await put('utc', { enabled: true, local_hour: 9, time_zone: 'UTC' });
    expect(await dispatchAt('2026-06-18T12:00:00Z')).toEqual(['utc:2026-06-18']);
    expect(await dispatchAt('2026-06-18T13:00:00Z')).toEqual([]);
  });

  it('changing the hour after today’s digest does not send today’s again', async () => {
    clock.at = Date.parse('2026-06-15T08:00:00Z');
    await put('utc', { enabled: true, local_hour: 9, time_zone: 'UTC' });
    expect(await dispatchAt('2026-06-15T09:00:00Z')).toEqual(['utc:2026-06-15']);
    clock.at = Date.parse('2026-06-15T09:30:00Z');
    await put('utc', { enabled: true, local_hour: 10, time_zone: 'UTC' });
    expect((await settingsOf('utc')).next_due_at).toBe('2026-06-16T10:00:00.000Z');
    expect(await dispatchAt('2026-06-15T10:00:00Z')).toEqual([]);
  });

  it('keeps a user due when Pub/Sub refused their job, and pages through many users', async () => {
    clock.at = Date.parse('2026-06-15T08:00:00Z');
    for (const uid of ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7']) await put(uid, { enabled: true, local_hour: 9, time_zone: 'UTC' });
    failFor.add('a4');
    expect(await dispatchAt('2026-06-15T09:00:00Z')).toEqual(['a1', 'a2', 'a3', 'a5', 'a6', 'a7'].map((u) => `${u}:2026-06-15`));
    expect((await settingsOf('a4')).next_due_at).toBe('2026-06-15T09:00:00.000Z');
    failFor.clear();
    expect(await dispatchAt('2026-06-15T10:00:00Z')).toEqual(['a4:2026-06-15']);
  });

  it('an unschedulable user does not stop the others', async () => {
    clock.at = Date.parse('2026-06-15T08:00:00Z');
    await put('ok', { enabled: true, local_hour: 9, time_zone: 'UTC' });
    await put('bad', { enabled: true, local_hour: 9, time_zone: 'UTC' });
    const ref = (await h.runtime.stores.db()).collection('users').doc('bad').collection('digestSettings').doc('default');
    await ref.update({ timeZone: 'Mars/Olympus_Mons' });
    expect(await dispatchAt('2026-06-15T09:00:00Z')).toEqual(['ok:2026-06-15']);
    expect((await ref.get()).get('nextDueAt')).toBeNull();
  });

  it('a settings document that does not parse is unscheduled and the others, on later pages too, still get theirs', async () => {
    clock.at = Date.parse('2026-06-15T08:00:00Z');
    const users = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7'];
    for (const uid of users) await put(uid, { enabled: true, local_hour: 9, time_zone: 'UTC' });
    // Written by hand (or an older release): an hour that is no number, no uid field at all.
    const ref = (await h.runtime.stores.db()).collection('users').doc('m3').collection('digestSettings').doc('default');
    await ref.update({ hour: 'nine', uid: FieldValue.delete() });
    const sent = await dispatchAt('2026-06-15T09:00:00Z');
    expect(sent).toEqual(users.filter((u) => u !== 'm3').map((u) => `${u}:2026-06-15`));
    expect((await ref.get()).get('nextDueAt')).toBeNull();
    expect(h.logs.some((l) => l.includes('digest settings unreadable; unscheduled'))).toBe(true);
    // Nothing is left due: the next run publishes nothing.
    expect(await dispatchAt('2026-06-15T10:00:00Z')).toEqual([]);
  });
});

describe('digest worker (called directly; the Pub/Sub path is in digests-fanout.test.ts)', () => {
  const JOB: DigestJob = { v: 1, uid: 'wk', localDate: '2026-06-15', dueAt: '2026-06-15T09:00:00.000Z' };
  const run = () => runDigestJob(h.runtime, JOB, 'test', new AbortController().signal);
  const digestRef = async () => (await h.runtime.stores.db()).collection('users').doc('wk').collection('digests').doc('2026-06-15');
  const mails = () => h.google.sentMessages('wk@example.com');

  beforeEach(async () => {
    clock.at = Date.parse('2026-06-15T08:00:00Z');
    await h.connectGoogle('wk', 'wk@example.com');
    await put('wk', { enabled: true, local_hour: 9, time_zone: 'UTC' });
    clock.at = Date.parse('2026-06-15T09:00:00Z');
    gemini.reset();
  });

  it("builds, summarises with Gemini, sends from the user's Gmail, stores it and marks it delivered", async () => {
    const before = mails().length;
    h.google.seedEvents('wk@example.com', 'primary', [{ summary: 'Standup', start: '2026-06-15T09:30:00Z', end: '2026-06-15T09:45:00Z' }]);
    gemini.script({ text: 'A short day: one standup.' });
    expect(await run()).toBe('sent');
    const [mail] = mails().slice(before);
    expect(mail?.text).toMatch(/^A short day: one standup\./);
    expect(mail?.text).toContain('09:30  Standup');
    expect(gemini.calls).toHaveLength(1);
    expect((await (await digestRef()).get()).data()).toMatchObject({ state: 'sent', sentTo: 'wk@example.com', counts: { events: 1 } });
    const settingsDoc = (await h.runtime.stores.db()).collection('users').doc('wk').collection('digestSettings').doc('default');
    expect((await settingsDoc.get()).get('lastDigestAt')).toBe('2026-06-15T09:00:00.000Z');
  });

  it('a failing Gemini leaves the summary out, never the digest', async () => {
    const before = mails().length;
    gemini.inject({ status: 500, times: 1 });
    expect(await run()).toBe('sent');
    expect(mails().slice(before)[0]?.text).toMatch(/^Calendar\n/);
  });

  it('a duplicate job for a date already sent is acknowledged without a second mail', async () => {
    gemini.otherwise({ text: 'Summary.' });
    expect(await run()).toBe('sent');
    const after = mails().length;
    expect(await run()).toBe('duplicate');
    expect(mails()).toHaveLength(after);
  });

  it('concurrent workers on the same user and date: exactly one mail', async () => {
    gemini.otherwise({ text: 'Summary.' });
    const before = mails().length;
    const outcomes = await Promise.allSettled([run(), run(), run()]);
    expect(mails().length - before).toBe(1);
    expect(outcomes.filter((o) => o.status === 'fulfilled' && o.value === 'sent')).toHaveLength(1);
    // The others saw the claim: in progress (Pub/Sub would redeliver) or already done.
    for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toMatchObject({ code: 'conflict', retryable: true });
    expect(await run()).toBe('duplicate');
  });

  it('takes over the claim of a worker that died while building, once its lease ran out', async () => {
    gemini.otherwise({ text: 'Summary.' });
    await (await digestRef()).set({ localDate: '2026-06-15', state: 'building', leaseUntil: new Date(clock.at - 1000), attempts: 1 });
    expect(await run()).toBe('sent');
    expect((await (await digestRef()).get()).data()).toMatchObject({ state: 'sent', attempts: 2 });
  });

  it('never sends again when a worker died while sending (at most one mail)', async () => {
    const before = mails().length;
    await (await digestRef()).set({ localDate: '2026-06-15', state: 'sending', leaseUntil: new Date(clock.at - 1000), attempts: 1 });
    expect(await run()).toBe('duplicate');
    expect(mails()).toHaveLength(before);
    expect((await (await digestRef()).get()).get('state')).toBe('send_unknown');
  });

  it('a disabled digest is not built', async () => {
    await put('wk', { enabled: false, local_hour: 9, time_zone: 'UTC' });
    expect(await run()).toBe('disabled');
  });
});
