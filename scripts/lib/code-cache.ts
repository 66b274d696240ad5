import { spawn } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { BOOT_FILE, bootSource, CACHE_FILE, CACHE_META_FILE, WRAPPER_HEAD, WRAPPER_TAIL } from './code-cache-boot';

export { BOOT_FILE, CACHE_FILE, CACHE_META_FILE };

// A V8 code cache beside each bundle. Compiling index.js (~3 MB) and the library functions its first
// request runs is a large share of a cold start; V8 can skip that when handed the bytecode it
// produced before. So the build loads the bundle once, runs its `__codeCacheWarmUp` export
// (shared/runtime/warm-up.ts: constructs the clients, sends nothing), asks V8 for the code compiled so far
// and writes it to index.js.cache. The bundle's package.json "main" is boot.js, which passes that
// cache to V8 when it fits and otherwise simply requires index.js.
//
// Why not module.enableCompileCache(): on Node 22 its cache is keyed by the module's absolute path
// (dist/<fn>/index.js at build time, /workspace/index.js once deployed), so a cache built here is
// never used there; and it is written right after compilation, without the functions compiled
// lazily while the code runs, which are most of the gain.
//
// V8 accepts a cache only from the same V8 version and flags, for a source of the same length;
// boot.js also requires the same Node version and architecture and the same index.js bytes (CRC32).
// Anything else (another Node patch release, a changed bundle, a missing or unreadable cache) is a
// cache miss: index.js is loaded as it would be without boot.js. Nothing is written at run time,
// so a read-only directory changes nothing. The cache is produced with --predictable, which makes
// it byte-for-byte reproducible (the deploy zips' hashes only move when the code or Node does).
// V8 also rejects it when the process runs with other V8 flags (NODE_OPTIONS=--max-old-space-size
// and the like): then V8 just compiles, as without a cache.
//
// With --enable-source-maps (infra sets it) Node maps stack frames only of modules its own loader
// compiled, so boot.js maps the frames in index.js itself, reading the map on the first stack
// trace instead of at load as Node would.

export const WARM_UP_EXPORT = '__codeCacheWarmUp';

export interface CodeCacheMeta {
  node: string;
  arch: string;
  v8: string;
  /** zlib.crc32 of index.js. */
  crc32: number;
  bytes: number;
}

// Runs in a child process (cwd: the repository, so the bundle finds functions-framework).
const GENERATOR = `'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { Script, constants } = require('node:vm');
const { createRequire } = require('node:module');
const { crc32 } = require('node:zlib');
const fail = (e) => {
  console.error(e && e.stack ? e.stack : String(e));
  process.exit(1);
};
try {
  const dir = process.argv[1];
  const bundle = join(dir, 'index.js');
  const bytes = readFileSync(bundle);
  const script = new Script('${WRAPPER_HEAD}' + bytes.toString('utf8') + '${WRAPPER_TAIL}', {
    filename: bundle,
    lineOffset: -1,
    importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const mod = { exports: {}, id: bundle, filename: bundle, loaded: false, children: [], paths: [] };
  script.runInThisContext().call(mod.exports, mod.exports, createRequire(bundle), mod, bundle, dir);
  const warmUp = mod.exports[${JSON.stringify(WARM_UP_EXPORT)}];
  Promise.resolve(typeof warmUp === 'function' ? warmUp() : undefined).then(() => {
    writeFileSync(join(dir, ${JSON.stringify(CACHE_FILE)}), script.createCachedData());
    const meta = { node: process.version, arch: process.arch, v8: process.versions.v8, crc32: crc32(bytes), bytes: bytes.length };
    writeFileSync(join(dir, ${JSON.stringify(CACHE_META_FILE)}), JSON.stringify(meta, null, 2) + '\\n');
    process.exit(0);
  }, fail);
} catch (e) {
  fail(e);
}
`;

const GENERATOR_TIMEOUT_MS = 60_000;

/**
 * Writes index.js.cache (+ .json) in `outDir` and returns the cache size. Bundle code runs here: its
 * import-time code and the warm-up, with no credentials and METADATA_SERVER_DETECTION=none.
 */
export async function writeCodeCache(outDir: string, cwd: string): Promise<number> {
  await slot.acquire();
  try {
    await runGenerator(outDir, cwd);
  } finally {
    slot.release();
  }
  return statSync(join(outDir, CACHE_FILE)).size;
}

/** Makes `outDir/boot.js` the entry point: call before writing package.json with main: BOOT_FILE. */
export function writeBoot(outDir: string): void {
  writeFileSync(join(outDir, BOOT_FILE), bootSource());
}

function runGenerator(outDir: string, cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    // --predictable: no concurrent compilation or GC-timing effects, so the same bundle gives the
    // same cache bytes; V8 does not count it in the flag hash, so the runtime accepts the cache.
    const child = spawn(process.execPath, ['--predictable', '-e', GENERATOR, outDir], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NODE_ENV: 'production', METADATA_SERVER_DETECTION: 'none' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), GENERATOR_TIMEOUT_MS);
    child.once('error', (e) => (clearTimeout(timer), reject(e)));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`code cache generation ${signal ? `killed (${signal})` : `exited ${code}`}: ${stderr.trim().split('\n').slice(0, 3).join(' | ')}`));
    });
  });
}

// Each generator loads a whole bundle: one per CPU, however many bundles are built at once.
const slot = (() => {
  let free = Math.max(1, availableParallelism());
  const waiting: Array<() => void> = [];
  return {
    acquire: () => (free > 0 ? ((free -= 1), Promise.resolve()) : new Promise<void>((r) => waiting.push(r))),
    release: () => {
      const next = waiting.shift();
      if (next) next();
      else free += 1;
    },
  };
})();
