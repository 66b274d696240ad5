import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness';

// Drives every action (successes, refreshes, failures) and then looks for any token or secret
// value in the captured logs, the responses and every Firestore document.

let h: Harness;
const responses: string[] = [];
const ANA = 'ana@example.com';

beforeAll(async () => {
  h = await startHarness({ extraEnv: { LOG_LEVEL: 'debug' } });
  await h.wipe();
  await h.connectGoogle('dev-user', ANA, { expired: true });
  await h.connectX('dev-user', { expired: true });
  const calls: [string, unknown, Record<string, string>?][] = [
    ['list-calendar-events', {}],
    ['create-calendar-event', { summary: 'Leak check', start: '2026-12-01T10:00:00Z', end: '2026-12-01T11:00:00Z' }, { 'idempotency-key': 'leak-1' }],
    ['send-email', { to: ['bo@example.com'], subject: 'Leak check', text: 'hi' }, { 'idempotency-key': 'leak-2' }],
    ['list-recent-emails', {}],
    ['search-youtube', { query: 'leak check' }],
    ['post-tweet', { text: 'leak check' }],
    ['send-email', { to: ['x'], subject: 'bad', text: 'x' }],
    ['list-calendar-events', {}, { authorization: 'Bearer dev:someone-else' }],
  ];
  h.google.inject({ match: { path: /calendar\/v3/ }, status: 500, times: 1 });
  for (const [fn, body, headers] of calls) {
    const res = await h.call(fn, body, { headers });
    responses.push(`${res.status} ${JSON.stringify([...res.headers])} ${res.text}`);
  }
});
afterAll(async () => h?.close());

async function secretValues(): Promise<string[]> {
  const google = await h.runtime.stores.connections.get('dev-user', 'google', ANA);
  const x = await h.runtime.stores.connections.get('dev-user', 'x', '1700000000000000042');
  const values = [...h.secretValues, google?.accessToken, google?.refreshToken, x?.accessToken, x?.refreshToken];
  return values.filter((v): v is string => typeof v === 'string' && v.length >= 8);
}

describe('no token or secret appears in plaintext', () => {
  it('the drive ran real refreshes and real successes', async () => {
    expect(h.google.tokenCalls('refresh_token')).toBeGreaterThanOrEqual(1);
    expect(responses.filter((r) => r.startsWith('20')).length).toBeGreaterThanOrEqual(5);
    expect(h.logs.length).toBeGreaterThan(0);
    expect((await secretValues()).length).toBeGreaterThanOrEqual(8);
  });

  it('in logs', async () => {
    const logs = h.logs.join('\n');
    for (const s of await secretValues()) expect(logs.includes(s), `log contains a secret (${s.slice(0, 4)}…)`).toBe(false);
  });

  it('in responses', async () => {
    const text = responses.join('\n');
    for (const s of await secretValues()) expect(text.includes(s)).toBe(false);
  });

  it('in Firestore documents', async () => {
    const docs = JSON.stringify(await h.allDocuments());
    expect(docs).toContain('connections');
    for (const s of await secretValues()) expect(docs.includes(s)).toBe(false);
  });
});
