import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CloudTasksClient } from '@google-cloud/tasks';
import { OAuth2Client } from 'google-auth-library';
import { startCloudTasksFake, type CloudTasksFake } from '../../sandbox/cloud-tasks';
import { call, say } from '../../sandbox/gemini';
import { cloudTaskQueue } from '../../shared/providers/cloud-tasks/task-queue';
import { EffectStore } from '../../shared/store/effects/effects-store';
import { CallLog } from '../support/call-log';
import { startHarness, type Harness } from '../support/harness';
import { AUDIENCE_BASE, PUSH_SA, startOidcMint, type OidcMint } from '../support/google-oidc';

// Scheduled sends end to end: the real @google-cloud/tasks client (REST transport) talks to the
// loopback Cloud Tasks, which delivers each task at its time to the scheduled-send function with
// a Google-style OIDC token; Gmail and X are the loopback fakes; Firestore is the emulator.

const QUEUE = 'projects/test-project/locations/europe-west1/queues/scheduled-sends';
const ANA = 'ana@example.com';
let h: Harness;
let oidc: OidcMint;
let tasks: CloudTasksFake;

beforeAll(async () => {
  oidc = await startOidcMint();
  let hostUrl = 'http://127.0.0.1:9';
  tasks = await startCloudTasksFake({
    queues: [QUEUE],
    oidcToken: (email, audience) => oidc.token('scheduled-send', { email, audience }),
    resolve: (url) => url.replace(AUDIENCE_BASE, hostUrl),
  });
  h = await startHarness({ extraEnv: { ...oidc.env, SCHEDULED_SENDS_QUEUE: QUEUE, CLOUD_TASKS_ENDPOINT: tasks.endpoint } });
  hostUrl = h.url;
});
afterAll(async () => {
  await h?.close();
  await tasks?.close();
  await oidc?.close();
});
beforeEach(async () => {
  await h.reset();
  tasks.server.clearFaults();
  await h.connectGoogle('dev-user', ANA);
});

const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();
const sentWith = (subject: string) => h.google.sentMessages(ANA).filter((m) => m.subject === subject);
const mail = (subject: string, sendAt: string) => ({ to: ['bo@example.com'], subject, text: 'See you tomorrow.', send_at: sendAt });

async function listed(id: string) {
  const res = await h.call('list-scheduled-sends', {});
  expect(res.status, res.text).toBe(200);
  return (res.json.data.sends as { id: string; status: string; result: unknown; error: unknown }[]).find((s) => s.id === id);
}

async function until<T>(what: () => Promise<T>, done: (v: T) => boolean, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (done(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('schedule_email', () => {
  it('stores the approved send, creates one named task, and sends once at its time', async () => {
    const at = inSeconds(1.5);
    const res = await h.call('schedule-email', mail('Scheduled hello', at));
    expect(res.status, res.text).toBe(201);
    const id = res.json.data.id as string;
    expect(res.json.data).toMatchObject({ kind: 'email', status: 'pending', send_at: new Date(at).toISOString(), account: ANA });
    const [task] = tasks.tasks();
    expect(task?.name).toBe(`${QUEUE}/tasks/send-${id}`);
    expect(task?.scheduleTime.toISOString()).toBe(new Date(at).toISOString());
    expect(task?.http.oidcToken).toEqual({ serviceAccountEmail: PUSH_SA, audience: `${AUDIENCE_BASE}/scheduled-send` });
    expect(JSON.parse(task?.http.body.toString('utf8') ?? '')).toEqual({ uid: 'dev-user', id });
    expect(sentWith('Scheduled hello')).toHaveLength(0);
    const done = await until(
      () => listed(id),
      (s) => s?.status === 'sent',
    );
    expect(done).toMatchObject({ status: 'sent', result: { account: ANA, id: expect.any(String) }, error: null });
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(at));
    expect(sentWith('Scheduled hello')).toHaveLength(1);
    expect(tasks.deliveries.filter((d) => d.task === task?.name).map((d) => [d.status, JSON.parse(d.body).data.outcome])).toEqual([[200, 'sent']]);
    expect(tasks.tasks()).toHaveLength(0);
  });

  it('reads the connection while it begins the effect record of the send', async () => {
    const calls = new CallLog();
    const res = await h.call('schedule-email', mail('Read ahead', inSeconds(0.5)));
    expect(res.status, res.text).toBe(201);
    const restore = [calls.observe(EffectStore.prototype, 'begin', 'record'), calls.observe(h.runtime.stores.connections, 'listForUse', 'connection')];
    try {
      await until(
        () => listed(res.json.data.id),
        (s) => s?.status === 'sent',
      );
    } finally {
      for (const r of restore) r();
    }
    expect(calls.startedBefore()).toEqual(['connection:start', 'record:start']);
    expect(sentWith('Read ahead')).toHaveLength(1);
  });

  it('sends once when the task is delivered twice at the same time, and once more later', async () => {
    tasks.duplicateNext(1);
    const res = await h.call('schedule-email', mail('Twice delivered', inSeconds(0.5)));
    const id = res.json.data.id as string;
    await until(
      () => listed(id),
      (s) => s?.status === 'sent',
    );
    await until(
      async () => tasks.deliveries.filter((d) => d.task.endsWith(id)).length,
      (n) => n === 2,
    );
    const outcomes = tasks.deliveries.filter((d) => d.task.endsWith(id)).map((d) => JSON.parse(d.body).data.outcome);
    expect(outcomes.sort()).toEqual(['already_handled', 'sent']);
    // A late redelivery of the same task (lost acknowledgement) sends nothing either.
    const again = await h.call('scheduled-send', { uid: 'dev-user', id }, { headers: { authorization: `Bearer ${await oidc.token('scheduled-send')}` } });
    expect(again.json).toEqual({ data: { outcome: 'already_handled' } });
    expect(sentWith('Twice delivered')).toHaveLength(1);
  });

  it('a delivery that retakes a stale claim finds the earlier send through its effect record and sends nothing', async () => {
    const id = (await h.call('schedule-email', mail('Died after sending', inSeconds(0.3)))).json.data.id as string;
    await until(
      () => listed(id),
      (s) => s?.status === 'sent',
    );
    // As if the delivery that sent it died before recording so, long enough ago for its claim to lapse.
    const db = await h.runtime.stores.db();
    await db.doc(`users/dev-user/scheduledSends/${id}`).update({ status: 'sending', claimedAt: new Date(Date.now() - 10 * 60_000) });
    const early = await h.call('scheduled-send', { uid: 'dev-user', id }, { headers: { authorization: `Bearer ${await oidc.token('scheduled-send')}` } });
    expect(early.json).toEqual({ data: { outcome: 'sent' } });
    expect((await listed(id))?.status).toBe('sent');
    expect(sentWith('Died after sending')).toHaveLength(1);
    // A claim still within its lease belongs to a live delivery: left alone.
    await db.doc(`users/dev-user/scheduledSends/${id}`).update({ status: 'sending', claimedAt: new Date() });
    const busy = await h.call('scheduled-send', { uid: 'dev-user', id }, { headers: { authorization: `Bearer ${await oidc.token('scheduled-send')}` } });
    expect(busy.json).toEqual({ data: { outcome: 'already_handled' } });
  });

  it('refuses a time in the past with 400 and writes nothing', async () => {
    const res = await h.call('schedule-email', mail('Too late', inSeconds(-60)));
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('invalid_input');
    expect(tasks.tasks()).toHaveLength(0);
    expect((await h.allDocuments()).filter((d) => d.path.includes('scheduledSends'))).toHaveLength(0);
  });
});

describe('scheduling through the approval gate', () => {
  it('shows the exact message, account and time, enqueues nothing until approved, then sends once', async () => {
    h.gemini.reset();
    const at = inSeconds(4);
    h.gemini.script(call('schedule_email', mail('Approved for later', at)), say('Scheduled.'));
    const res = await h.call('chat', { message: 'Email Bo "see you tomorrow" at 9' });
    expect(res.status, res.text).toBe(202);
    expect(res.json.data.approval).toMatchObject({
      tool: 'schedule_email',
      status: 'pending',
      preview: {
        kind: 'email',
        title: expect.stringContaining(at),
        details: { from: ANA, to: ['bo@example.com'], subject: 'Approved for later', body: 'See you tomorrow.', send_at: at },
      },
    });
    expect(tasks.tasks()).toHaveLength(0);
    const approved = await h.call(`approvals/${res.json.data.approval.id}`, { decision: 'approve' });
    expect(approved.status, approved.text).toBe(200);
    const id = approved.json.data.result.output.id as string;
    expect(tasks.tasks().map((t) => t.name)).toEqual([`${QUEUE}/tasks/send-${id}`]);
    expect(sentWith('Approved for later')).toHaveLength(0);
    await until(
      () => listed(id),
      (s) => s?.status === 'sent',
    );
    expect(sentWith('Approved for later')).toHaveLength(1);
  });
});

describe('cancel_scheduled_send', () => {
  it('cancels a pending send: the task is deleted and nothing is sent', async () => {
    const id = (await h.call('schedule-email', mail('Cancelled one', inSeconds(1)))).json.data.id as string;
    const res = await h.call('cancel-scheduled-send', { id });
    expect(res.status, res.text).toBe(200);
    expect(res.json.data.status).toBe('cancelled');
    expect(tasks.tasks()).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 1500));
    expect(sentWith('Cancelled one')).toHaveLength(0);
    expect((await listed(id))?.status).toBe('cancelled');
  });

  it('never sends a cancelled send even when its task still fires', async () => {
    const id = (await h.call('schedule-email', mail('Still fires', inSeconds(1)))).json.data.id as string;
    tasks.server.inject({ match: { method: 'DELETE' }, status: 403, body: { error: { code: 403, message: 'denied', status: 'PERMISSION_DENIED' } } });
    expect((await h.call('cancel-scheduled-send', { id })).json.data.status).toBe('cancelled');
    const fired = await until(
      async () => tasks.deliveries.filter((d) => d.task.endsWith(id)),
      (d) => d.length > 0,
    );
    expect(fired.map((d) => JSON.parse(d.body).data.outcome)).toEqual(['cancelled']);
    expect(sentWith('Still fires')).toHaveLength(0);
  });

  it('answers 409 once a send went out, and 404 for an unknown id', async () => {
    const id = (await h.call('schedule-email', mail('Gone out', inSeconds(0.3)))).json.data.id as string;
    await until(
      () => listed(id),
      (s) => s?.status === 'sent',
    );
    const late = await h.call('cancel-scheduled-send', { id });
    expect([late.status, late.json.error.code]).toEqual([409, 'conflict']);
    const unknown = await h.call('cancel-scheduled-send', { id: 'no-such-send' });
    expect([unknown.status, unknown.json.error.code]).toEqual([404, 'not_found']);
  });
});

describe('schedule_post', () => {
  it('posts on X once at its time', async () => {
    await h.connectX('dev-user');
    const res = await h.call('schedule-post', { text: 'Scheduled post ☕', send_at: inSeconds(0.5) });
    expect(res.status, res.text).toBe(201);
    const done = await until(
      () => listed(res.json.data.id),
      (s) => s?.status === 'sent',
    );
    expect(done?.status).toBe('sent');
    expect(h.x.tweets().filter((t) => t.text === 'Scheduled post ☕')).toHaveLength(1);
  });
});

describe('the Cloud Tasks fake through the real SDK', () => {
  it('answers a duplicate task name with ALREADY_EXISTS, which enqueue treats as done', async () => {
    const authClient = new OAuth2Client();
    authClient.setCredentials({ access_token: 'loopback', expiry_date: Number.MAX_SAFE_INTEGER });
    const [host, port] = tasks.endpoint.split(':');
    const client = new CloudTasksClient({
      fallback: 'rest',
      apiEndpoint: host,
      port: Number(port),
      protocol: 'http',
      authClient,
      projectId: 'test-project',
    } as never);
    const far = new Date(Date.now() + 3_600_000);
    const queue = cloudTaskQueue(h.runtime.config);
    await queue.enqueue('dup-1', { uid: 'u', id: 'dup-1' }, far);
    await queue.enqueue('dup-1', { uid: 'u', id: 'dup-1' }, far);
    expect(tasks.tasks().filter((t) => t.name.endsWith('send-dup-1'))).toHaveLength(1);
    const task = { name: `${QUEUE}/tasks/send-dup-1`, httpRequest: { url: 'https://functions.test.example/scheduled-send' } };
    await expect(client.createTask({ parent: QUEUE, task })).rejects.toMatchObject({ code: 6 });
    await queue.remove(`${QUEUE}/tasks/send-dup-1`);
    // A deleted task's name stays reserved, as Cloud Tasks documents; deleting again is NOT_FOUND (treated as done).
    await expect(client.createTask({ parent: QUEUE, task })).rejects.toMatchObject({ code: 6 });
    await expect(client.deleteTask({ name: `${QUEUE}/tasks/send-dup-1` })).rejects.toMatchObject({ code: 5 });
    await queue.remove(`${QUEUE}/tasks/send-dup-1`);
    // As the published API: a time beyond 30 days and a task name outside its queue are
    // INVALID_ARGUMENT; an unknown queue is NOT_FOUND.
    const beyond = { seconds: Math.floor(Date.now() / 1000) + 31 * 86_400 };
    await expect(client.createTask({ parent: QUEUE, task: { ...task, name: undefined, scheduleTime: beyond } })).rejects.toMatchObject({ code: 3 });
    await expect(
      client.createTask({ parent: QUEUE, task: { ...task, name: 'projects/test-project/locations/europe-west1/queues/other/tasks/x' } }),
    ).rejects.toMatchObject({ code: 3 });
    await expect(client.createTask({ parent: `${QUEUE}-missing`, task: { httpRequest: task.httpRequest } })).rejects.toMatchObject({ code: 5 });
    await client.close();
  });
});
