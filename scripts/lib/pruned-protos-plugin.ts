import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { OnResolveResult, Plugin } from 'esbuild';
import { type ClientLookups, clientLookups, pruneProtoJson } from './proto-prune';

// Each GAPIC client file (`build/src/v1/firestore_client.js`, Cloud Tasks' `build/cjs/src/v2/
// cloud_tasks_client.cjs`, ...) requires its package's whole `protos/protos.json` and hands it to
// protobufjs on the client's first request: ~25 ms of CPU for Firestore, ~12 ms for Secret
// Manager, mostly for descriptors of other services (Firestore Admin, google.protobuf's own
// descriptor types). So each client file gets a module of its own holding only what it can
// reach from the names in its source (proto-prune.ts, which also proves the result matches the
// full descriptors). Client files that share one protos.json (firestore_client.js and
// firestore_admin_client.js) get one pruned module each. A client whose source looks up no
// service, or whose pruning cannot be proven, keeps the whole file.

const CLIENT_FILE = /node_modules[\\/].+[\\/]build[\\/](?:(?:cjs|esm)[\\/])?src[\\/]v\w+[\\/]\w+_client\.c?js$/;
const PROTOS_JSON = /(^|[\\/])protos[\\/]protos\.json$/;
const NS = 'pruned-gapic-protos';

interface Pruned {
  /** The pruned descriptors as JSON text; undefined: use the file as it is. */
  contents?: string;
  warning?: string;
}

// node_modules does not change during a build: one pruning per (file, names) for all bundles.
const pruned = new Map<string, Promise<Pruned>>();

export function prunedGapicProtos(): Plugin {
  return {
    name: NS,
    setup(build) {
      build.onResolve({ filter: PROTOS_JSON }, async (args): Promise<OnResolveResult | undefined> => {
        if (!CLIENT_FILE.test(args.importer) || !args.path.startsWith('.')) return undefined;
        const jsonPath = resolve(args.resolveDir, args.path);
        const lookups = clientLookups(await readFile(args.importer, 'utf8'));
        const key = `${jsonPath}?${lookups.names.join(',')}`;
        let result = pruned.get(key);
        if (!result) pruned.set(key, (result = prune(jsonPath, args.importer, lookups)));
        const { contents, warning } = await result;
        if (contents === undefined) return warning ? { path: jsonPath, warnings: [{ text: warning }] } : undefined;
        return { path: key, namespace: NS, pluginData: contents };
      });
      build.onLoad({ filter: /.*/, namespace: NS }, (args) => ({ contents: args.pluginData as string, loader: 'json' }));
    },
  };
}

async function prune(jsonPath: string, importer: string, lookups: ClientLookups): Promise<Pruned> {
  try {
    const kept = pruneProtoJson(JSON.parse(await readFile(jsonPath, 'utf8')), lookups);
    return { contents: kept && JSON.stringify(kept) };
  } catch (e) {
    return { warning: `${importer}: left ${jsonPath} whole, its pruning failed (${(e as Error).message})` };
  }
}
