import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { functionCatalog } from '../../functions/catalog';
import { buildOpenApiDocument } from '../../shared/http/openapi';
import { mapBounded } from '../../shared/providers/bounded-concurrency';
import { bundleFunction, frameworkVersionOf, type BundleResult } from './bundle';
import type { ConsoleBuild } from './console-build';
import { writeHostingSite } from './console-site';
import { writeEntry } from './entry-source';
import { locateFunctionModules } from './function-modules';
import { buildDeployManifest, DIST_DIR } from './manifest';

// `npm run build`: one bundle per catalog entry under dist/<name>/, plus dist/manifest.json (what
// infra deploys), dist/openapi.json, and the Hosting site (the console) in dist/hosting/.
// Everything is derived from the catalog.

export interface BuildReport {
  distDir: string;
  bundles: BundleResult[];
  /** gzip sizes of the console written to dist/hosting (Hosting's public folder). */
  console: ConsoleBuild['sizes'];
}

export async function buildFunctions(root: string): Promise<BuildReport> {
  const catalog = functionCatalog();
  const modules = await locateFunctionModules(root, catalog);
  const distDir = join(root, DIST_DIR);
  const entriesDir = join(root, '.cache', 'build-entries');
  rmSync(entriesDir, { recursive: true, force: true });
  mkdirSync(distDir, { recursive: true });
  removeStaleBundles(distDir, new Set(catalog.map((f) => f.name)));
  const frameworkVersion = frameworkVersionOf(root);

  // A few bundles at a time: all at once, esbuild's one service process held every bundle's graph
  // and peaked near 12 GB with 45 functions, and each bundle's code-cache run is a process of its own.
  const bundles = await mapBounded(catalog, Math.max(2, availableParallelism()), (fn) => {
    const mod = modules.get(fn.name);
    if (!mod) throw new Error(`No module for ${fn.name}.`);
    if (fn.trigger === 'cloudevent' && !fn.endpoint?.cloudEventHandler) {
      throw new Error(`Endpoint "${fn.name}" has trigger 'cloudevent' but no cloudEventHandler(getRuntime).`);
    }
    const entryFile = writeEntry(root, entriesDir, fn, mod);
    return bundleFunction({ name: fn.name, entryFile, outDir: join(distDir, fn.name), frameworkVersion, codeCache: { cwd: root } });
  });

  writeJson(join(distDir, 'manifest.json'), buildDeployManifest(catalog));
  const openapi = buildOpenApiDocument(catalog, { version: packageVersion(root) });
  writeJson(join(distDir, 'openapi.json'), openapi);
  const site = await writeHostingSite(root, openapi);
  return { distDir, bundles, console: site.sizes };
}

// A function removed from the catalog must not linger in dist/ and be deployed by accident.
// dist/hosting is the Hosting site (console-site.ts), not a function.
function removeStaleBundles(distDir: string, names: Set<string>): void {
  for (const entry of readdirSync(distDir, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name !== 'hosting' && !names.has(entry.name)) rmSync(join(distDir, entry.name), { recursive: true, force: true });
  }
}

function writeJson(file: string, value: unknown): void {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

function packageVersion(root: string): string {
  return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
}
