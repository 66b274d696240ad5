import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SANDBOX_LABEL } from '../../sandbox/gemini';
import { npmStart, type NpmStart } from '../support/npm-start';
import { readmeExamples } from '../support/readme-examples';

// Every curl example in README.md, run in order against the host `npm start` runs (offline
// sandbox), so an example can never silently rot: each must answer 2xx (202 only where the README
// says so) with data that is not empty, and every chat example must reach a tool, not the
// sandbox model's "here is what I can do".

const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
const examples = readmeExamples(readme);

let host: NpmStart;
beforeAll(async () => {
  host = await npmStart(inject('firestoreEmulatorHost'));
}, 120_000);
afterAll(async () => {
  await host?.stop();
}, 30_000);

/** Walks a jq path like ".info" or ".data.videos". */
function select(value: unknown, filter: string): unknown {
  return filter
    .split('.')
    .filter(Boolean)
    .reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), value);
}

/** Something to show: an object with content, and if it holds lists, at least one not empty. */
function hasContent(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (!v || typeof v !== 'object') return v !== undefined && v !== null && v !== '';
  const values = Object.values(v);
  const lists = values.filter(Array.isArray);
  return values.length > 0 && (lists.length === 0 || lists.some((l) => l.length > 0));
}

describe('README examples against npm start', () => {
  it('finds the examples: plain actions, the host pages, and chat for every sandbox-model journey', () => {
    const paths = examples.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['/functions.json', '/openapi.json', '/search-youtube', '/chat', '/sandbox/outbox']));
    expect(examples.filter((e) => e.path === '/chat').length).toBeGreaterThanOrEqual(6);
  });

  it('npm start prints example prompts for the assistant in its banner', () => {
    expect(host.output()).toMatch(/Ask the assistant/);
    expect(host.output()).toContain('/chat');
    expect(host.output()).toContain('Find me some wireless headphones under 100 dollars');
  });

  it('answers every example with 2xx and data', async () => {
    let approvalId: string | undefined;
    for (const ex of examples) {
      const where = `README.md:${ex.line}: ${ex.source}`;
      const path = ex.path.replace('<approval-id>', () => approvalId ?? 'no-approval-yet');
      const res = await fetch(`${host.url}${path}`, { method: ex.method, headers: ex.headers, body: ex.body });
      const body = (await res.json()) as { data?: Record<string, unknown> };
      const documented202 = /\b202\b/.test(ex.comment);
      // 202 (waiting for approval) exactly where the README says so; otherwise 200 or 201.
      expect(res.status, `${where}\n${JSON.stringify(body)}`).toBeOneOf(documented202 ? [202] : [200, 201]);
      expect(res.headers.get('x-sandbox'), where).toBe('true');
      const shown = ex.jq ? select(body, ex.jq) : (body.data ?? body);
      expect(hasContent(shown), `${where}\n${JSON.stringify(body)}`).toBe(true);
      if (ex.path === '/chat' || path.startsWith('/approvals/')) expect(String(body.data?.reply ?? ''), where).toMatch(new RegExp(`^\\${SANDBOX_LABEL}`));
      if (ex.path === '/chat') expect((body.data?.tool_calls as unknown[]).length, `${where}: the sandbox model mapped it to no tool`).toBeGreaterThan(0);
      const approval = body.data?.approval as { id?: string } | undefined;
      if (approval?.id) approvalId = approval.id;
    }
  }, 120_000);
});
