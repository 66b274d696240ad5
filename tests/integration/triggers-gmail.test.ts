import type { Topic } from '@google-cloud/pubsub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness';
import { startOidcMint, type OidcMint } from '../support/google-oidc';
import { startTestPubSub, waitFor, type TestPubSub } from '../support/pubsub';
import { startOidcRelay, type OidcRelay } from '../../sandbox/pubsub/oidc-relay';
import { startGmailWatch, stopGmailWatch } from '../../shared/triggers/gmail-watch';
import type { ActionContext } from '../../shared/runtime/context';
import { runDigestJob } from '../../shared/digests/worker';
import { localDateOf } from '../../shared/wall-clock';

// Gmail push end to end: users.watch on connect, Gmail's notification published to the real
// Pub/Sub emulator, pushed (with an OIDC token, as Pub/Sub attaches one) to gmail-push, which
// reads history.list from the stored historyId and records the new INBOX messages.

const TOPIC = 'projects/test-project/topics/gmail-push';
const ANA = 'ana@example.com';
const BO = 'bo@example.com';

let h: Harness;
let oidc: OidcMint;
let ps: TestPubSub;
let relay: OidcRelay;
let topic: Topic;
const clock = { at: Date.now(), now: () => new Date(clock.at) };

beforeAll(async () => {
  oidc = await startOidcMint();
  h = await startHarness({ clock, extraEnv: { ...oidc.env, GMAIL_PUSH_TOPIC: TOPIC } });
  ps = await startTestPubSub('test-project');
  relay = await startOidcRelay({ url: `${h.url}/gmail-push`, authorization: async () => `Bearer ${await oidc.token('gmail-push')}` });
  topic = await ps.pushTopic('gmail-push', relay.url);
  await h.connectGoogle('ana', ANA);
}, 60_000);
afterAll(async () => {
  await relay?.close();
  await ps?.close();
  await h?.close();
  await oidc?.close();
});

const ctxFor = (uid: string): ActionContext => h.runtime.contextFor({ uid, via: 'dev' }, 'test', new AbortController().signal);
const db = () => h.runtime.stores.db();
/** The raw index entry of `uid`'s watch of the mailbox (default: the mailbox's first user). */
const watchDoc = async (email: string, uid = email.split('@')[0]) =>
  (await (await db()).collection('gmailWatches').where('email', '==', email).get()).docs.map((d) => d.data()).find((d) => d.uid === uid);
const inbox = async (uid: string) => (await (await db()).collection('users').doc(uid).collection('inboxEvents').get()).docs.map((d) => d.data());
const historyCalls = () => h.google.requests.filter((r) => r.path.endsWith('/history')).length;

/** Gmail's publish for a mailbox change; resolves with the push the function received. */
async function notify(email: string, historyId: string) {
  const before = relay.deliveries.length;
  await topic.publishMessage({ json: { emailAddress: email, historyId } });
  await waitFor(() => relay.deliveries.length > before, 20_000, 'the push');
  const d = relay.deliveries[before];
  return { status: d?.status, body: JSON.parse(d?.body ?? '{}') as { data: { outcome: string; recorded?: number } } };
}

describe('gmail watch and push', () => {
  it('starts a watch on the configured topic and indexes the mailbox', async () => {
    const w = await startGmailWatch(ctxFor('ana'));
    expect(w).toMatchObject({ email: ANA, historyId: expect.stringMatching(/^\d+$/) });
    expect(h.google.push.gmailWatches.get(ANA)).toMatchObject({ topicName: TOPIC, labelIds: ['INBOX'] });
    expect(await watchDoc(ANA)).toMatchObject({ uid: 'ana', account: ANA, historyId: w?.historyId, status: 'active' });
  });

  it('records the new INBOX messages from history.list and advances the historyId', async () => {
    const [, last] = h.google.seedMessages(ANA, [
      { from: 'Cy <cy@example.com>', subject: 'Lunch?', body: 'Noon at the usual place' },
      { from: 'Di <di@example.com>', subject: 'Invoice', body: 'Attached', unread: false },
    ]);
    const res = await notify(ANA, last?.historyId ?? '');
    expect(res).toEqual({ status: 200, body: { data: { outcome: 'recorded', recorded: 2 } } });
    const events = await inbox('ana');
    expect(events.map((e) => e.subject).sort()).toEqual(['Invoice', 'Lunch?']);
    expect(events.find((e) => e.subject === 'Lunch?')).toMatchObject({ from: 'Cy <cy@example.com>', unread: true, account: ANA });
    expect(await watchDoc(ANA)).toMatchObject({ historyId: last?.historyId });
  });

  it('acknowledges a notification older than the stored historyId without reading history', async () => {
    const calls = historyCalls();
    const res = await notify(ANA, '4001');
    expect(res).toEqual({ status: 200, body: { data: { outcome: 'stale' } } });
    expect(historyCalls()).toBe(calls);
  });

  it('processes a redelivered message once (the first ack was lost)', async () => {
    const [msg] = h.google.seedMessages(ANA, [{ from: 'Ed <ed@example.com>', subject: 'Again?', body: 'x' }]);
    relay.loseAcks(1);
    const before = relay.deliveries.length;
    const calls = historyCalls();
    await topic.publishMessage({ json: { emailAddress: ANA, historyId: msg?.historyId } });
    await waitFor(() => relay.deliveries.length >= before + 2, 20_000, 'the redelivery');
    const [first, second] = relay.deliveries.slice(before);
    const idOf = (raw = '{}') => (JSON.parse(raw) as { message: { messageId: string } }).message.messageId;
    expect(idOf(second?.request)).toBe(idOf(first?.request));
    expect(JSON.parse(first?.body ?? '{}')).toEqual({ data: { outcome: 'recorded', recorded: 1 } });
    expect(JSON.parse(second?.body ?? '{}')).toEqual({ data: { outcome: 'duplicate' } });
    expect(historyCalls()).toBe(calls + 1);
    expect((await inbox('ana')).filter((e) => e.subject === 'Again?')).toHaveLength(1);
  });

  it('does a bounded full resync when the stored historyId is too old (404)', async () => {
    const seeded = h.google.seedMessages(ANA, [
      { from: 'Fa <fa@example.com>', subject: 'After the gap 1', body: 'x' },
      { from: 'Gu <gu@example.com>', subject: 'After the gap 2', body: 'y' },
    ]);
    const latest = seeded[1]?.historyId ?? '';
    h.google.push.expireHistory(ANA, latest);
    const res = await notify(ANA, latest);
    expect(res.status).toBe(200);
    expect(res.body.data.outcome).toBe('resynced');
    expect(await watchDoc(ANA)).toMatchObject({ historyId: latest, resyncedAt: expect.anything() });
    const subjects = (await inbox('ana')).map((e) => e.subject);
    expect(subjects).toEqual(expect.arrayContaining(['After the gap 1', 'After the gap 2']));
  });

  it('acknowledges (no retry loop) when the connection needs re-consent', async () => {
    const bo = await h.connectGoogle('bo', BO, { expired: true });
    await startGmailWatch(ctxFor('bo')).catch(() => undefined);
    // The watch was set while the connection worked; then the user revoked access.
    h.google.revokeRefreshToken(bo.refreshToken);
    // Expired by the app's clock (frozen at the file's start), however long the run has taken.
    await h.runtime.stores.connections.updateTokens('bo', 'google', BO, { expiryDate: clock.at - 1000 });
    const [msg] = h.google.seedMessages(BO, [{ from: 'x@example.com', subject: 'hi', body: 'x' }]);
    const res = await notify(BO, msg?.historyId ?? '');
    expect(res).toEqual({ status: 200, body: { data: { outcome: 'reauth_required' } } });
    expect(await watchDoc(BO)).toMatchObject({ status: 'reauth_required' });
  });

  it('answers the same push delivered twice directly: processed, then duplicate', async () => {
    const [msg] = h.google.seedMessages(ANA, [{ from: 'Hu <hu@example.com>', subject: 'Direct', body: 'x' }]);
    const body = {
      message: { data: Buffer.from(JSON.stringify({ emailAddress: ANA, historyId: Number(msg?.historyId) })).toString('base64'), messageId: 'direct-1' },
      subscription: 'projects/test-project/subscriptions/gmail-push-push',
    };
    const headers = { authorization: `Bearer ${await oidc.token('gmail-push')}` };
    const [a, b] = [await h.call('gmail-push', body, { headers }), await h.call('gmail-push', body, { headers })];
    expect(a.json).toEqual({ data: { outcome: 'recorded', recorded: 1 } });
    expect(b.json).toEqual({ data: { outcome: 'duplicate' } });
  });
});

describe('the digest reads what gmail-push recorded', () => {
  it('lists the recorded INBOX messages in the email section', async () => {
    await h.call('digest-settings', { enabled: true, local_hour: 0, time_zone: 'UTC' }, { method: 'PUT', headers: { authorization: 'Bearer dev:ana' } });
    const job = { v: 1 as const, uid: 'ana', localDate: localDateOf(clock.at, 'UTC'), dueAt: new Date(clock.at).toISOString() };
    expect(await runDigestJob(h.runtime, job, 'test', new AbortController().signal)).toBe('sent');
    const text = h.google.sentMessages(ANA).at(-1)?.text ?? '';
    expect(text).toMatch(/Email\n-----\n\d+ new, \d+ unread\./);
    expect(text).toContain('Cy <cy@example.com>: Lunch?');
    expect(text).not.toContain('Invoice'); // read already: counted, not listed
  });
});

describe('daily watch renewal (Cloud Scheduler)', () => {
  it('renews the watches that are due, and only those', async () => {
    const call = async () => h.call('gmail-watch-renew', {}, { headers: { authorization: `Bearer ${await oidc.token('gmail-watch-renew')}` } });
    expect((await call()).json).toEqual({ data: { renewed: 0, reauthRequired: 0, failed: 0 } });
    clock.at += 25 * 60 * 60 * 1000;
    const res = await call();
    expect(res.status, res.text).toBe(200);
    expect(res.json).toEqual({ data: { renewed: 1, reauthRequired: 1, failed: 0 } });
    const renewAfter = (await watchDoc(ANA))?.renewAfter as { toMillis(): number };
    expect(renewAfter.toMillis()).toBe(clock.at + 24 * 60 * 60 * 1000);
  });
});

describe('a mailbox connected by two users (a shared inbox)', () => {
  const TEAM = 'team@example.com';

  it("records a change for each of them, and stops Gmail's watch only when the last one leaves", async () => {
    await h.connectGoogle('ana', TEAM, { alias: 'team' });
    await h.connectGoogle('cy', TEAM);
    await startGmailWatch(ctxFor('ana'), TEAM);
    await startGmailWatch(ctxFor('cy'), TEAM);
    expect((await watchDoc(TEAM, 'ana'))?.historyId).toMatch(/^\d+$/);
    expect((await watchDoc(TEAM, 'cy'))?.historyId).toMatch(/^\d+$/);

    const [msg] = h.google.seedMessages(TEAM, [{ from: 'Customer <c@example.net>', subject: 'Order 41 late', body: 'Where is it?' }]);
    const res = await notify(TEAM, msg?.historyId ?? '');
    expect(res).toEqual({ status: 200, body: { data: { outcome: 'recorded', recorded: 2 } } });
    for (const uid of ['ana', 'cy']) {
      expect((await inbox(uid)).filter((e) => e.subject === 'Order 41 late')).toHaveLength(1);
      expect(await watchDoc(TEAM, uid)).toMatchObject({ historyId: msg?.historyId });
    }

    const stops = () => h.google.requests.filter((r) => r.path.endsWith('/users/me/stop')).length;
    const before = stops();
    await stopGmailWatch(ctxFor('cy'), TEAM);
    expect(stops()).toBe(before); // ana still watches the mailbox
    expect(h.google.push.gmailWatches.has(TEAM)).toBe(true);
    expect(await watchDoc(TEAM, 'cy')).toBeUndefined();
    await stopGmailWatch(ctxFor('ana'), TEAM);
    expect(stops()).toBe(before + 1);
    expect(h.google.push.gmailWatches.has(TEAM)).toBe(false);
  });

  it('still serves and then replaces an index entry written before entries were per user', async () => {
    const LEGACY = 'legacy@example.com';
    await h.connectGoogle('di', LEGACY);
    const w = await startGmailWatch(ctxFor('di'), LEGACY);
    const entry = await watchDoc(LEGACY, 'di');
    const store = await db();
    // The old layout: keyed by the mailbox, no email field.
    const { email: _email, ...legacyFields } = entry ?? {};
    await store.collection('gmailWatches').doc(LEGACY).set(legacyFields);
    for (const d of (await store.collection('gmailWatches').where('email', '==', LEGACY).get()).docs) await d.ref.delete();

    const [msg] = h.google.seedMessages(LEGACY, [{ from: 'x@example.com', subject: 'Still here', body: 'x' }]);
    expect(await notify(LEGACY, msg?.historyId ?? '')).toEqual({ status: 200, body: { data: { outcome: 'recorded', recorded: 1 } } });
    expect((await store.collection('gmailWatches').doc(LEGACY).get()).data()).toMatchObject({ historyId: msg?.historyId });
    expect(w?.historyId).not.toBe(msg?.historyId);

    await startGmailWatch(ctxFor('di'), LEGACY); // the daily renewal
    expect((await store.collection('gmailWatches').doc(LEGACY).get()).exists).toBe(false);
    expect(await watchDoc(LEGACY, 'di')).toMatchObject({ historyId: msg?.historyId }); // kept, not reset
  });
});
