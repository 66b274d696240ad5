import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness';
import { METADATA_CONCURRENCY } from '../../shared/actions/gmail/list-recent-emails';

let h: Harness;
const ANA = 'ana@example.com';
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());
beforeEach(async () => {
  await h.wipe();
  h.google.clearFaults();
  h.google.resetRecords();
  await h.connectGoogle('dev-user', ANA);
});

const sentTo = (subject: string) => h.google.sentMessages(ANA).filter((m) => m.subject === subject);

describe('send_email', () => {
  it('sends a correct RFC 5322 message with RFC 2047 encoded headers and answers 201', async () => {
    const res = await h.call('send-email', {
      to: ['bo@example.com'],
      cc: ['cy@example.com'],
      bcc: ['hidden@example.com'],
      subject: 'Réunion à 10h — café ☕',
      text: 'Bonjour Bo,\nà demain.',
      html: '<p>Bonjour Bo, <b>à demain</b>.</p>',
    });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({ data: { id: expect.any(String), thread_id: expect.any(String), account: ANA, label_ids: ['SENT'] } });
    const [sent] = sentTo('Réunion à 10h — café ☕');
    expect(sent).toBeDefined();
    const raw = sent?.raw ?? '';
    const headerBlock = raw.split(/\r\n\r\n/)[0] ?? '';
    expect(headerBlock).toMatch(/^Subject: =\?UTF-8\?[QB]\?/m);
    expect(headerBlock).not.toMatch(/[^\x00-\x7f]/);
    expect(headerBlock).toMatch(/^From: ana@example\.com/m);
    expect(headerBlock).toMatch(/^To: bo@example\.com/m);
    expect(headerBlock).toMatch(/^MIME-Version: 1\.0/m);
    expect(headerBlock).toMatch(/^Content-Type: multipart\/alternative/m);
    expect(sent?.bcc).toEqual(['hidden@example.com']);
    expect(sent?.text).toContain('à demain');
  });

  it.each([
    ['subject with CRLF', { subject: 'Hi\r\nBcc: victim@example.com' }],
    ['subject with LF', { subject: 'Hi\nX-Evil: 1' }],
    ['address with CRLF', { to: ['bo@example.com\r\nBcc: victim@example.com'] }],
    ['invalid address', { to: ['not-an-address'] }],
    ['reply_to with CR', { reply_to: 'a@example.com\rX: y' }],
  ])('rejects header injection / bad address: %s', async (_name, patch) => {
    const res = await h.call('send-email', { to: ['bo@example.com'], subject: 'Hi', text: 'x', ...patch });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('invalid_input');
    expect(h.google.requests.filter((r) => r.path.endsWith('/messages/send'))).toHaveLength(0);
  });

  it('does not retry a 503 from Gmail (a retry could send twice)', async () => {
    h.google.inject({
      match: { method: 'POST', path: /messages\/send/ },
      status: 503,
      times: 1,
      body: { error: { code: 503, message: 'Backend Error', errors: [{ reason: 'backendError' }] } },
    });
    const res = await h.call('send-email', { to: ['bo@example.com'], subject: 'Once', text: 'x' });
    expect(res.status).toBe(503);
    expect(res.json.error.code).toBe('upstream_unavailable');
    expect(h.google.requests.filter((r) => r.path.endsWith('/messages/send'))).toHaveLength(1);
  });

  it('answers 409 not_connected when the grant lacks gmail.send', async () => {
    await h.wipe();
    await h.connectGoogle('dev-user', ANA, { scopes: ['https://www.googleapis.com/auth/gmail.readonly'] });
    const res = await h.call('send-email', { to: ['bo@example.com'], subject: 'Hi', text: 'x' });
    expect(res.status).toBe(409);
    expect(res.json.error).toMatchObject({ code: 'not_connected', details: { missingScopes: ['https://www.googleapis.com/auth/gmail.send'] } });
  });
});

describe('send_email idempotency', () => {
  let body: { to: string[]; subject: string; text: string };
  let n = 0;
  beforeEach(() => {
    body = { to: ['bo@example.com'], subject: `Idem ${++n}`, text: 'only once' };
  });

  it('same key twice → one upstream send and the stored response replayed', async () => {
    const first = await h.call('send-email', body, { headers: { 'idempotency-key': 'k-1' } });
    const second = await h.call('send-email', body, { headers: { 'idempotency-key': 'k-1' } });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.json).toEqual(first.json);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(sentTo(body.subject)).toHaveLength(1);
  });

  it('same key with another body → 422 idempotency_mismatch, nothing sent', async () => {
    await h.call('send-email', body, { headers: { 'idempotency-key': 'k-2' } });
    const other = await h.call('send-email', { ...body, text: 'different' }, { headers: { 'idempotency-key': 'k-2' } });
    expect(other.status).toBe(422);
    expect(other.json.error.code).toBe('idempotency_mismatch');
    expect(sentTo(body.subject)).toHaveLength(1);
  });

  it('two concurrent requests with one key → exactly one executes', async () => {
    h.google.inject({ match: { method: 'POST', path: /messages\/send/ }, status: 200, passThrough: true, delayMs: 400, times: 1 });
    const [a, b] = await Promise.all([
      h.call('send-email', body, { headers: { 'idempotency-key': 'k-3' } }),
      h.call('send-email', body, { headers: { 'idempotency-key': 'k-3' } }),
    ]);
    // The loser either finds the claim in flight (409) or — if the emulator's transaction retry
    // outlasts the send — the finished record, which it replays. Never a second send.
    const executed = [a, b].filter((r) => r.status === 201 && r.headers.get('idempotent-replayed') === null);
    const others = [a, b].filter((r) => !executed.includes(r));
    expect(executed).toHaveLength(1);
    expect(others).toHaveLength(1);
    const other = others[0];
    if (other?.status === 409) expect(other.json.error.code).toBe('idempotency_in_flight');
    else expect(other?.headers.get('idempotent-replayed')).toBe('true');
    expect(sentTo(body.subject)).toHaveLength(1);
  });

  it('a key whose request failed before anything was sent can be used again', async () => {
    // The access token is expired and the refresh fails: the send never left.
    await h.wipe();
    await h.connectGoogle('dev-user', ANA, { expired: true });
    h.google.inject({ match: { method: 'POST', path: '/token' }, status: 503, times: 10 });
    const failed = await h.call('send-email', body, { headers: { 'idempotency-key': 'k-4' } });
    expect(failed.status).toBe(503);
    expect(sentTo(body.subject)).toHaveLength(0);
    h.google.clearFaults();
    const retried = await h.call('send-email', body, { headers: { 'idempotency-key': 'k-4' } });
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    expect(sentTo(body.subject)).toHaveLength(1);
  });

  it.each([
    ['Gmail answers 500', { status: 500 }],
    ['Gmail answers 502', { status: 502 }],
  ])('%s: the key keeps the error, a retry with it never sends again', async (_name, fault) => {
    h.google.inject({ match: { method: 'POST', path: /messages\/send/ }, times: 1, ...fault });
    const failed = await h.call('send-email', body, { headers: { 'idempotency-key': 'k-6' } });
    expect(failed.status).toBeGreaterThanOrEqual(500);
    const retried = await h.call('send-email', body, { headers: { 'idempotency-key': 'k-6' } });
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(retried.status).toBe(failed.status);
    expect(h.google.requests.filter((r) => r.path.endsWith('/messages/send'))).toHaveLength(1);
  });

  it('the connection drops after Gmail accepted the message: found by its Message-ID, 201, sent once', async () => {
    h.google.inject({ match: { method: 'POST', path: /messages\/send/ }, times: 1, status: 200, dropAfterHandling: true });
    const first = await h.call('send-email', body, { headers: { 'idempotency-key': 'k-7' } });
    expect(first.status).toBe(201);
    const retried = await h.call('send-email', body, { headers: { 'idempotency-key': 'k-7' } });
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(retried.json).toEqual(first.json);
    expect(sentTo(body.subject)).toHaveLength(1);
    expect(h.google.requests.filter((r) => r.path.endsWith('/messages/send'))).toHaveLength(1);
  });

  it('an expired record is ignored (expiry checked in code, not only by TTL)', async () => {
    await h.call('send-email', body, { headers: { 'idempotency-key': 'k-5' } });
    const db = await h.runtime.stores.db();
    const docs = await db.collection('users').doc('dev-user').collection('idempotency').get();
    await Promise.all(docs.docs.map((d) => d.ref.update({ expireAt: new Date(Date.now() - 1000) })));
    const again = await h.call('send-email', body, { headers: { 'idempotency-key': 'k-5' } });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBeNull();
    expect(sentTo(body.subject)).toHaveLength(2);
  });
});

describe('list_recent_emails', () => {
  it('lists id, thread, from, subject, date, snippet and unread', async () => {
    h.google.seedMessages(ANA, [
      { from: 'Bo <bo@example.com>', subject: 'Trail & Summit', body: "Here's the plan", unread: true },
      { from: 'cy@example.com', subject: 'Read already', body: 'old news', unread: false },
    ]);
    const res = await h.call('list-recent-emails', { max_results: 5 });
    expect(res.status).toBe(200);
    const msgs = res.json.data.messages as Array<Record<string, unknown>>;
    const trail = msgs.find((m) => m.subject === 'Trail & Summit');
    expect(trail).toMatchObject({
      from: 'Bo <bo@example.com>',
      unread: true,
      snippet: "Here's the plan",
      id: expect.any(String),
      thread_id: expect.any(String),
      date: expect.any(String),
    });
    expect(msgs.find((m) => m.subject === 'Read already')?.unread).toBe(false);
    expect(res.json.data.account).toBe(ANA);
  });

  it('fetches metadata with at most METADATA_CONCURRENCY requests in flight', async () => {
    const seeded = h.google.seedMessages(
      ANA,
      Array.from({ length: 20 }, (_, i) => ({ from: 'bo@example.com', subject: `Batch ${i}`, body: 'x' })),
    );
    const LATENCY = 60;
    h.google.setLatency(LATENCY);
    try {
      const res = await h.call('list-recent-emails', { max_results: 20, query: 'subject:Batch' });
      expect(res.status).toBe(200);
      expect(res.json.data.messages).toHaveLength(20);
      const listedIds = (res.json.data.messages as Array<{ id: string }>).map((m) => m.id);
      expect(new Set(listedIds)).toEqual(new Set(seeded.map((m) => m.id)));
      const gets = h.google.requests.filter((r) => r.method === 'GET' && /\/messages\/[^/]+$/.test(r.path));
      expect(new Set(gets.map((r) => r.path.split('/').at(-1)))).toEqual(new Set(listedIds));
      expect(gets).toHaveLength(20);
      // Each get is answered LATENCY ms after it arrives; a slot frees only then, so the spans
      // [arrival, arrival + LATENCY) of more than the limit never overlap.
      const peak = Math.max(...gets.map((g) => gets.filter((o) => o.at <= g.at && g.at < o.at + LATENCY).length));
      expect(peak).toBeLessThanOrEqual(METADATA_CONCURRENCY);
      expect(peak).toBeGreaterThan(1);
    } finally {
      h.google.setLatency(0);
    }
  });

  it('passes the Gmail query and label through', async () => {
    const res = await h.call('list-recent-emails', { query: 'is:unread', label: 'INBOX', max_results: 3 });
    expect(res.status).toBe(200);
    const list = h.google.requests.find((r) => r.path.endsWith('/messages') && r.method === 'GET');
    expect(list?.query).toMatchObject({ q: 'is:unread', labelIds: 'INBOX', maxResults: '3' });
  });
});
