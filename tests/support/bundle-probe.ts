import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleFunction, type BundleResult } from '../../scripts/lib/bundle';

// Tests of the build: a small entry bundled exactly as a function is (same plugins), then run
// with node, printing what it found as one line of JSON.

/** Writes `source` as <dir>/<name>.ts and bundles it into <dir>/<name>/. */
export async function bundleEntry(dir: string, name: string, source: string): Promise<{ outDir: string; result: BundleResult }> {
  mkdirSync(dir, { recursive: true });
  const entryFile = join(dir, `${name}.ts`);
  writeFileSync(entryFile, source);
  const outDir = join(dir, name);
  return { outDir, result: await bundleFunction({ name, entryFile, outDir, frameworkVersion: '*' }) };
}

/** Runs a bundle's index.js with only PATH and no metadata-server probing, and parses the JSON it printed. */
export function runBundle(outDir: string): unknown {
  const env = { PATH: process.env.PATH ?? '', METADATA_SERVER_DETECTION: 'none' };
  return JSON.parse(execFileSync(process.execPath, [join(outDir, 'index.js')], { encoding: 'utf8', env }));
}
