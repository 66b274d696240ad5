import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness';

// The console calls chat and approvals on the functions' own URL (a turn may outlast the 60 s
// Firebase Hosting waits), another origin than its own: those two functions answer CORS for the
// console's origin (CONSOLE_URL) only, without credentials, and every other function none at all.

const CONSOLE = 'https://console.example.test';
const OTHER = 'https://evil.example.test';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ extraEnv: { CONSOLE_URL: `${CONSOLE}/` } });
  // Loads chat's and approvals' modules once, so the cases below time CORS, not a cold start.
  await Promise.all(['chat', 'approvals'].map((fn) => fetch(`${h.url}/${fn}`, { headers: { authorization: 'Bearer dev:dev-user' } })));
}, 120_000);
afterAll(async () => h?.close());

const preflight = (fn: string, origin: string, method = 'POST') =>
  fetch(`${h.url}/${fn}`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'authorization, content-type, idempotency-key' },
  });
const get = (fn: string, origin: string) => fetch(`${h.url}/${fn}`, { headers: { origin, authorization: 'Bearer dev:dev-user' } });

describe('CORS for the console’s direct calls', () => {
  it.each(['chat', 'approvals'])('%s: a preflight from the console’s origin is allowed, without credentials', async (fn) => {
    const res = await preflight(fn, CONSOLE);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(CONSOLE);
    expect(res.headers.get('access-control-allow-methods')).toBe('GET, POST');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase().split(/,\s*/)).toEqual(
      expect.arrayContaining(['authorization', 'content-type', 'idempotency-key']),
    );
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(res.headers.get('vary')).toMatch(/origin/i);
    expect(Number(res.headers.get('access-control-max-age'))).toBeGreaterThan(0);
    expect(await res.text()).toBe('');
  });

  it.each(['chat', 'approvals'])('%s: a preflight from another origin is refused with 403 and no CORS header', async (fn) => {
    for (const origin of [OTHER, 'http://console.example.test', `${CONSOLE}:8443`]) {
      const res = await preflight(fn, origin);
      expect(res.status, origin).toBe(403);
      expect(res.headers.get('access-control-allow-origin'), origin).toBeNull();
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    }
  });

  it('answers the console’s real requests with its origin and exposes the request id', async () => {
    for (const fn of ['chat', 'approvals']) {
      const res = await get(fn, CONSOLE);
      expect(res.status, fn).toBe(200);
      expect(res.headers.get('access-control-allow-origin'), fn).toBe(CONSOLE);
      expect(res.headers.get('access-control-expose-headers'), fn).toMatch(/X-Request-Id/);
      expect(res.headers.get('access-control-allow-credentials'), fn).toBeNull();
    }
    // An unauthenticated answer carries the header too, so the console can read the error.
    const denied = await fetch(`${h.url}/chat`, { headers: { origin: CONSOLE, authorization: 'Bearer nope' } });
    expect(denied.status).toBe(401);
    expect(denied.headers.get('access-control-allow-origin')).toBe(CONSOLE);
  });

  it('gives another origin’s request no CORS header, so a browser keeps the answer from that page', async () => {
    const res = await get('chat', OTHER);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('vary')).toMatch(/origin/i);
  });

  it('answers no CORS on the functions the console calls through Hosting', async () => {
    const res = await preflight('connections', CONSOLE, 'PATCH');
    expect(res.status).toBe(405);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect((await get('connections', CONSOLE)).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('treats an OPTIONS that is not a preflight as any other unsupported method', async () => {
    const res = await fetch(`${h.url}/chat`, { method: 'OPTIONS', headers: { origin: CONSOLE } });
    expect(res.status).toBe(405);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('method_not_allowed');
  });
});
