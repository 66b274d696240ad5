import { spawnSync } from 'node:child_process';
import { appendFileSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleFunction } from '../../scripts/lib/bundle';
import { BOOT_FILE, CACHE_FILE, CACHE_META_FILE, WARM_UP_EXPORT, type CodeCacheMeta } from '../../scripts/lib/code-cache';
import { repoTempDir } from '../support/repo-temp-dir';

// The build's V8 code cache (scripts/lib/code-cache.ts): boot.js must use it when it fits, load
// index.js normally whenever it does not, and the cache must be reproducible.

const root = process.cwd();
const dir = repoTempDir('code-cache-test-', root);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const entry = join(dir, 'entry.ts');
writeFileSync(
  entry,
  [
    'export const answer = [1, 2, 3].map((n) => n * 14).reduce((a, b) => a + b, 0) / 3;',
    'export function fail(): never {',
    "  throw new Error('thrown on line 3 of entry.ts');",
    '}',
    `export async function ${WARM_UP_EXPORT}(): Promise<void> {}`,
  ].join('\n'),
);

/** Requires the bundle's package the way functions-framework does, with NODE_DEBUG=code_cache. */
function load(outDir: string, env: Record<string, string> = {}): { answer: number; debug: string } {
  const script = `process.stdout.write(JSON.stringify({ answer: require(${JSON.stringify(outDir)}).answer }));`;
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', NODE_DEBUG: 'code_cache', ...env } });
  if (run.status !== 0) throw new Error(run.stderr);
  return { answer: (JSON.parse(run.stdout) as { answer: number }).answer, debug: run.stderr };
}

async function build(name: string): Promise<string> {
  const outDir = join(dir, name);
  const result = await bundleFunction({ name, entryFile: entry, outDir, frameworkVersion: '*', codeCache: { cwd: root } });
  expect(result.problems).toEqual([]);
  expect(result.codeCacheBytes).toBeGreaterThan(0);
  return outDir;
}

describe('V8 code cache beside the bundle', () => {
  it('is the package entry point, used when it fits, and reproducible', async () => {
    const outDir = await build('probe');
    expect(JSON.parse(readFileSync(join(outDir, 'package.json'), 'utf8')).main).toBe(BOOT_FILE);
    const meta = JSON.parse(readFileSync(join(outDir, CACHE_META_FILE), 'utf8')) as CodeCacheMeta;
    expect(meta).toMatchObject({ node: process.version, arch: process.arch, bytes: readFileSync(join(outDir, 'index.js')).length });

    const used = load(outDir);
    expect(used.answer).toBe(28);
    expect(used.debug).toMatch(/cache used/);

    // Same bundle, same path, same Node: byte-for-byte the same cache (stable deploy hashes).
    const first = readFileSync(join(outDir, CACHE_FILE));
    await build('probe');
    expect(readFileSync(join(outDir, CACHE_FILE)).equals(first)).toBe(true);
  });

  it('keeps stack traces as without it: index.js positions, or the TypeScript ones with --enable-source-maps', async () => {
    const outDir = await build('probe-stacks');
    const firstFrame = (env: Record<string, string>) => {
      const script = `try { require(${JSON.stringify(outDir)}).fail(); } catch (e) { process.stdout.write(e.stack.split('\\n')[1].trim()); }`;
      return spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', NODE_DEBUG: 'code_cache', ...env } });
    };
    const cached = firstFrame({});
    expect(cached.stderr).toMatch(/cache used/);
    const plain = firstFrame({ NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(plain.stderr).toMatch(/no cache/);
    expect(cached.stdout).toBe(plain.stdout);
    expect(cached.stdout).toMatch(/index\.js:\d+:\d+\)$/);

    const mapped = firstFrame({ NODE_OPTIONS: '--enable-source-maps' });
    expect(mapped.stderr).toMatch(/cache used/);
    expect(mapped.stdout).toMatch(/entry\.ts:3:9\)$/);
    expect(firstFrame({ NODE_OPTIONS: '--enable-source-maps', NODE_DISABLE_COMPILE_CACHE: '1' }).stdout).toBe(mapped.stdout);
  });

  it('falls back to a plain require whenever the cache does not fit, and never writes', async () => {
    const outDir = await build('probe-misses');
    const files = readdirSync(outDir).sort();

    expect(load(outDir, { NODE_DISABLE_COMPILE_CACHE: '1' })).toEqual({ answer: 28, debug: expect.stringMatching(/no cache \(disabled\)/) });

    const metaFile = join(outDir, CACHE_META_FILE);
    const meta = readFileSync(metaFile, 'utf8');
    writeFileSync(metaFile, meta.replace(process.version, 'v0.0.0'));
    expect(load(outDir)).toEqual({ answer: 28, debug: expect.stringMatching(/no cache \(made by v0\.0\.0/) });
    writeFileSync(metaFile, meta);

    const cacheBytes = readFileSync(join(outDir, CACHE_FILE));
    rmSync(join(outDir, CACHE_FILE));
    expect(load(outDir)).toEqual({ answer: 28, debug: expect.stringMatching(/no cache \(ENOENT\)/) });
    writeFileSync(join(outDir, CACHE_FILE), cacheBytes);

    appendFileSync(join(outDir, 'index.js'), '\n// edited after the build\n');
    expect(load(outDir)).toEqual({ answer: 28, debug: expect.stringMatching(/made for another index\.js/) });
    expect(readdirSync(outDir).sort()).toEqual(files);
  });

  it('fails the build when the warm-up throws', async () => {
    const failing = join(dir, 'failing-entry.ts');
    writeFileSync(failing, `export async function ${WARM_UP_EXPORT}(): Promise<void> {\n  throw new Error('warm-up failed on purpose');\n}\n`);
    const result = await bundleFunction({
      name: 'probe-fails',
      entryFile: failing,
      outDir: join(dir, 'probe-fails'),
      frameworkVersion: '*',
      codeCache: { cwd: root },
    });
    expect(result.problems.join(' ')).toMatch(/code cache generation exited 1: .*warm-up failed on purpose/);
    expect(result.codeCacheBytes).toBe(0);
  });
});
