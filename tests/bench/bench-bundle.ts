import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleFunction, frameworkVersionOf } from '../../scripts/lib/bundle';

// A reference function of the bench (hello world, the floors), bundled exactly like the
// functions — plugins, boot.js and code cache included — so the comparison is of code, not build.

/** Where a reference function's source is written (the entry's own imports resolve from here). */
export function benchEntryDir(root: string, name: string): string {
  return join(root, '.cache', 'bench', `${name}-entry`);
}

/** Writes `source` as the entry of `name` and bundles it under .cache/bench/<name>. */
export async function bundleBenchFunction(root: string, name: string, source: string): Promise<{ target: string; sourceDir: string; bytes: number }> {
  const entryDir = benchEntryDir(root, name);
  mkdirSync(entryDir, { recursive: true });
  const entryFile = join(entryDir, 'index.ts');
  writeFileSync(entryFile, source);
  const sourceDir = join(root, '.cache', 'bench', name);
  const result = await bundleFunction({ name, entryFile, outDir: sourceDir, frameworkVersion: frameworkVersionOf(root), codeCache: { cwd: root } });
  if (result.problems.length > 0) throw new Error(`${name} bundle: ${result.problems.join('; ')}`);
  return { target: name, sourceDir, bytes: result.bytes };
}
