import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';

// The web console (console/) bundled by esbuild: console/index.html, app.js (ES module) with its
// chunks, and app.css. Splitting is on so the Firebase Auth SDK, imported dynamically only when
// the console signs in with Google, lands in chunks of its own: dev sign-in never loads it, and
// the budget counts it apart. Built in memory; the dev host serves the files, the build writes
// them under dist/hosting/.

export const CONSOLE_PREFIX = '/console';
/** The console's own JavaScript, gzip (issue #14); the Firebase Auth SDK is reported apart. */
export const CONSOLE_JS_BUDGET_BYTES = 150 * 1024;

export interface ConsoleFile {
  /** Path under the site root, e.g. "/console/app.js" or "/index.html". */
  path: string;
  contents: Uint8Array;
  type: string;
  /** True for a chunk made (mostly) of the Firebase SDK. */
  firebase: boolean;
}

export interface ConsoleBuild {
  files: ConsoleFile[];
  /** gzip sizes: the console's own JS, the Firebase SDK chunks, and the CSS. */
  sizes: { ownJsGzip: number; firebaseJsGzip: number; cssGzip: number };
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

export async function buildConsole(root: string, opts: { minify?: boolean } = {}): Promise<ConsoleBuild> {
  const outdir = join(root, 'dist/hosting/console');
  const result = await build({
    absWorkingDir: root,
    entryPoints: { app: 'console/src/main.tsx', 'app-style': 'console/src/styles.css' },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    minify: opts.minify ?? true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    entryNames: '[name]',
    chunkNames: 'chunks/[name]-[hash]',
    define: { 'process.env.NODE_ENV': '"production"' },
    legalComments: 'none',
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  const files: ConsoleFile[] = result.outputFiles.map((f) => {
    const rel = f.path.slice(outdir.length).replaceAll('\\', '/').replace('/app-style.css', '/app.css');
    const ext = rel.slice(rel.lastIndexOf('.'));
    return {
      path: `${CONSOLE_PREFIX}${rel}`,
      contents: f.contents,
      type: TYPES[ext] ?? 'application/octet-stream',
      firebase: isFirebase(result.metafile, f.path),
    };
  });
  files.push({ path: '/index.html', contents: readFileSync(join(root, 'console/index.html')), type: TYPES['.html'] as string, firebase: false });
  return { files, sizes: sizesOf(files) };
}

function isFirebase(meta: Metafile, outPath: string): boolean {
  const key = Object.keys(meta.outputs).find((k) => outPath.endsWith(k.replace(/^.*?dist\/hosting\/console/, '')));
  const inputs = key ? Object.entries(meta.outputs[key]?.inputs ?? {}) : [];
  const total = inputs.reduce((n, [, v]) => n + v.bytesInOutput, 0);
  const sdk = inputs.filter(([p]) => /node_modules\/(@firebase|firebase)\//.test(p)).reduce((n, [, v]) => n + v.bytesInOutput, 0);
  return total > 0 && sdk / total > 0.5;
}

function sizesOf(files: ConsoleFile[]): ConsoleBuild['sizes'] {
  const gz = (f: ConsoleFile) => gzipSync(f.contents, { level: 9 }).length;
  const js = files.filter((f) => f.path.endsWith('.js'));
  return {
    ownJsGzip: js.filter((f) => !f.firebase).reduce((n, f) => n + gz(f), 0),
    firebaseJsGzip: js.filter((f) => f.firebase).reduce((n, f) => n + gz(f), 0),
    cssGzip: files.filter((f) => f.path.endsWith('.css')).reduce((n, f) => n + gz(f), 0),
  };
}
