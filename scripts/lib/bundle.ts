import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { BOOT_FILE, writeBoot, writeCodeCache } from './code-cache';
import { lazyStaticProtos } from './lazy-protos-plugin';
import { COMPUTED_GAPIC_READ, gapicJsonPlugin } from './gapic-json-plugin';
import { prunedGapicProtos } from './pruned-protos-plugin';

// One self-contained CommonJS bundle per function. functions-framework stays external: a bundled
// copy would register the function into a second registry and the framework's CLI would find no
// function (it is the only runtime dependency, installed by Cloud Build from package.json).

export const FRAMEWORK = '@google-cloud/functions-framework';
export const MAX_BUNDLE_BYTES = 5 * 1024 * 1024;
// The monolithic googleapis package: ~14 MB and ~1 s to require. Actions use @googleapis/<api>.
const FORBIDDEN_INPUT = 'googleapis/build/src/apis';
// Builtins whose first use prints a deprecation warning; a deployed function must not log noise.
const DEPRECATED_BUILTINS = ['punycode'];

export interface BundleResult {
  name: string;
  outDir: string;
  /** index.js: what every cold start loads. */
  bytes: number;
  /** lazy/*.js: loaded only if a rarely used path asks for it. */
  lazyBytes: number;
  /** index.js.cache (V8 code cache, see code-cache.ts); 0 when not written. */
  codeCacheBytes: number;
  problems: string[];
}

export interface BundleOptions {
  name: string;
  entryFile: string;
  outDir: string;
  frameworkVersion: string;
  /**
   * Also write boot.js (the package's main) and a V8 code cache made by loading the bundle and
   * running its warm-up export once (code-cache.ts). `cwd` must resolve functions-framework.
   */
  codeCache?: { cwd: string };
}

const COMMON: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  minify: true,
  // Class and function names survive minification: stack traces stay readable and libraries
  // that branch on `err.name`/constructor names keep working.
  keepNames: true,
  external: [FRAMEWORK],
  // twitter-text requires "punycode" meaning its npm dependency, but on Node the bare name is the
  // deprecated builtin, which prints DEP0040 to stderr on every cold start: bundle the package.
  alias: { punycode: 'punycode/punycode.js' },
  metafile: true,
  logLevel: 'warning',
};

export async function bundleFunction(opts: BundleOptions): Promise<BundleResult> {
  rmSync(opts.outDir, { recursive: true, force: true });
  mkdirSync(opts.outDir, { recursive: true });
  const outfile = join(opts.outDir, 'index.js');
  const lazy = lazyStaticProtos();
  const main = await build({
    ...COMMON,
    entryPoints: [opts.entryFile],
    outfile,
    // Maps let `NODE_OPTIONS=--enable-source-maps` point stack traces at the TypeScript; the
    // sources themselves are left out to keep the deployed artifact small.
    sourcemap: 'linked',
    sourcesContent: false,
    plugins: [lazy.plugin, gapicJsonPlugin(), prunedGapicProtos()],
  });
  const metas = [main.metafile as Metafile];
  let lazyBytes = 0;
  for (const [id, path] of lazy.modules) {
    const lazyFile = join(opts.outDir, 'lazy', `${id}.js`);
    const side = await build({ ...COMMON, entryPoints: [path], outfile: lazyFile });
    metas.push(side.metafile as Metafile);
    lazyBytes += statSync(lazyFile).size;
  }
  if (opts.codeCache) writeBoot(opts.outDir);
  writePackageJson(opts);
  const bytes = statSync(outfile).size;
  const problems = checkBundle(readFileSync(outfile, 'utf8'), metas, bytes);
  let codeCacheBytes = 0;
  if (opts.codeCache && problems.length === 0) {
    // A bundle that cannot even be loaded (or whose warm-up throws) is a broken build.
    try {
      codeCacheBytes = await writeCodeCache(opts.outDir, opts.codeCache.cwd);
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  return { name: opts.name, outDir: opts.outDir, bytes, lazyBytes, codeCacheBytes, problems };
}

function writePackageJson(opts: BundleOptions): void {
  const pkg = {
    name: opts.name,
    private: true,
    main: opts.codeCache ? BOOT_FILE : 'index.js',
    engines: { node: '>=22' },
    dependencies: { [FRAMEWORK]: opts.frameworkVersion },
  };
  writeFileSync(join(opts.outDir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
}

function checkBundle(code: string, metas: Metafile[], bytes: number): string[] {
  const problems: string[] = [];
  // Minified output keeps no path comments, so the metafiles' inputs are checked as well.
  const offender = metas.flatMap((m) => Object.keys(m.inputs)).find((p) => p.includes(FORBIDDEN_INPUT));
  if (offender || code.includes(FORBIDDEN_INPUT)) problems.push(`contains the full googleapis package (${offender ?? FORBIDDEN_INPUT})`);
  if (bytes > MAX_BUNDLE_BYTES) problems.push(`is ${formatBytes(bytes)}, over the ${formatBytes(MAX_BUNDLE_BYTES)} limit`);
  if (code.includes(COMPUTED_GAPIC_READ)) problems.push('reads a GAPIC JSON file beside itself at run time (see gapic-json-plugin.ts)');
  for (const builtin of DEPRECATED_BUILTINS) {
    if (code.includes(`require("${builtin}")`) || code.includes(`require("node:${builtin}")`))
      problems.push(`requires the deprecated builtin "${builtin}" (alias it to its npm package)`);
  }
  return problems;
}

export function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(2)} MB` : `${(n / 1024).toFixed(1)} KB`;
}

/** Our declared functions-framework range, so deployed bundles get what tests ran against. */
export function frameworkVersionOf(root: string): string {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  const version = pkg.dependencies?.[FRAMEWORK];
  if (!version) throw new Error(`${FRAMEWORK} must be a dependency in package.json.`);
  return version;
}
