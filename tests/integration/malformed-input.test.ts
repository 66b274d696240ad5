import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actions } from '../../shared/actions';
import { startHarness, type Harness } from '../support/harness';
import { malformedCases } from '../support/malformed-bodies';

// Registry-driven: every action, a table of ≥ 30 malformed requests, each refused with the right
// 4xx code, no upstream call and no Firestore write.

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await h.wipe();
});
afterAll(async () => h?.close());

describe.each(actions.map((a) => [a.functionName, a] as const))('%s refuses malformed requests', (fn, action) => {
  const cases = malformedCases(action);

  it('has at least 30 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const headers: Record<string, string> = {};
    if (c.contentType !== null) headers['content-type'] = c.contentType ?? 'application/json';
    const body = c.rawBody ?? (c.body === undefined ? undefined : JSON.stringify(c.body));
    const method = c.method ?? 'POST';
    const res = await fetch(`${h.url}/${fn}`, { method, headers, body: method === 'GET' ? undefined : body });
    const json = await res.json();
    expect(res.status, JSON.stringify(json)).toBe(c.expectStatus);
    expect(json.error.code).toBe(c.expectCode);
    expect(json.error.requestId).toBe(res.headers.get('x-request-id'));
    if (c.expectCode === 'invalid_input') expect(Array.isArray(json.error.details?.issues)).toBe(true);
  });

  it('made no upstream call and wrote nothing to Firestore', async () => {
    expect(h.google.requests).toHaveLength(0);
    expect(h.x.requests).toHaveLength(0);
    expect(h.cartpilot.requests).toHaveLength(0);
    expect(h.gemini.requests).toHaveLength(0);
    expect(await h.allDocuments()).toEqual([]);
  });
});
