import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildConsole, CONSOLE_JS_BUDGET_BYTES } from '../../scripts/lib/console-build';

// The console bundle as esbuild makes it: no inline script for the CSP to refuse, the backend's
// types derived without any backend code shipped, the Firebase SDK in chunks of its own, and the
// console's own JavaScript within budget (tests/bench/console-bench.ts prints the figures).

const root = join(import.meta.dirname, '..', '..');

describe('console build', async () => {
  const build = await buildConsole(root);
  const text = (path: string) => new TextDecoder().decode(build.files.find((f) => f.path === path)?.contents);

  it('has an index.html whose scripts are all files', () => {
    const html = text('/index.html');
    expect(html).toContain('<script type="module" src="/console/app.js"></script>');
    expect(html.match(/<script\b[^>]*>/g)?.every((tag) => /\bsrc=/.test(tag))).toBe(true);
    expect(html).not.toMatch(/\son[a-z]+=/i);
  });

  it('ships no backend code: the API types are type-only imports', () => {
    const app = text('/console/app.js');
    for (const marker of ['ZodError', '@google-cloud', 'node:', 'process.env', 'firestore']) expect(app, marker).not.toContain(marker);
  });

  it('keeps the Firebase Auth SDK out of the console’s own code, and the own code within budget', () => {
    expect(build.files.some((f) => f.firebase && f.path.startsWith('/console/chunks/'))).toBe(true);
    expect(text('/console/app.js')).not.toContain('identitytoolkit');
    expect(build.sizes.ownJsGzip).toBeGreaterThan(1000);
    expect(build.sizes.ownJsGzip).toBeLessThanOrEqual(CONSOLE_JS_BUDGET_BYTES);
  });
});
