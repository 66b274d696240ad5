import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';

// @google-cloud/tasks (7.x) reads its client config, proto descriptors and package.json at import
// time through a computed path: getJSON(path.join(dirname, 'cloud_tasks_client_config.json')),
// where dirname comes from `fileURLToPath(import.meta.url)` (ESM build) or __dirname (CJS build).
// Bundled, neither works: in a CommonJS bundle import.meta is empty, so the import throws
// ERR_INVALID_ARG_TYPE, and the JSON files are not beside the bundle anyway. So the deployed
// schedule-email / schedule-post / cancel-scheduled-send failed on every Cloud Tasks call (500).
// This rewrites those reads into static requires of the same files, which esbuild inlines as
// JSON; `dirname` then only names the bundle's own folder. Should a release change the pattern,
// the bundle check (bundle.ts) finds the computed read left in the output.

const CLIENT_FILES = /@google-cloud[\\/]tasks[\\/]build[\\/](esm|cjs)[\\/]src[\\/][\w]+[\\/]cloud_tasks_client\.c?js$/;

// ESM: getJSON(path.join(dirname, 'a', 'b.json')); CJS: (0, _jsonHelper.getJSON)(_path["default"].join(dirname, 'a', 'b.json')).
const COMPUTED_READ = /(?:\(0,\s*_jsonHelper\.getJSON\)|getJSON)\((?:_path\["default"\]|path)\.join\(dirname,\s*((?:'[^']*'\s*,?\s*)+)\)\)/g;
const IMPORT_META_DIRNAME = /fileURLToPath\(import\.meta\.url\)/;

/** The source with every computed JSON read made a static require; undefined when none applies. */
export function inlineGapicJson(source: string): string | undefined {
  let changed = false;
  const inlined = source.replace(COMPUTED_READ, (_all, args: string) => {
    changed = true;
    const segments = [...args.matchAll(/'([^']*)'/g)].map((m) => m[1] as string);
    return `require(${JSON.stringify(`./${segments.join('/')}`)})`;
  });
  return changed ? inlined.replace(IMPORT_META_DIRNAME, '__filename') : undefined;
}

export function gapicJsonPlugin(): Plugin {
  return {
    name: 'inline-gapic-json',
    setup(build) {
      build.onLoad({ filter: CLIENT_FILES }, async (args) => {
        const contents = inlineGapicJson(await readFile(args.path, 'utf8'));
        return contents === undefined ? undefined : { contents, loader: 'js' };
      });
    },
  };
}

/** What a bundle must not contain: a GAPIC JSON read left computed (it fails at run time). */
export const COMPUTED_GAPIC_READ = 'cloud_tasks_client_config.json")';
