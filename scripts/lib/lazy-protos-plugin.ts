import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';

// Google's GAPIC packages (@google-cloud/firestore-api, @google-cloud/secret-manager, google-gax)
// require their generated static protobuf modules (`build/protos/protos.js`, `operations.js`,
// `iam_service.js`, `locations.js`: ~2 MB of code building thousands of classes) at import time,
// only to re-export them (`protos`, `IamProtos`, ...). The clients work from the JSON
// descriptors; the static classes are touched only by long-running-operation and admin paths.
// Bundled as-is they cost every cold start ~50 ms of evaluation and ~2 MB of parsing, and push
// bundles that hold all actions (chat) past the size budget.
// So each is replaced by a proxy that loads the real module on first property access, from a
// separate file beside the bundle (lazy/<id>.js, built by bundleLazyModules). Behaviour is
// unchanged: code that does reach for those classes still gets them.
//
// @google-cloud/firestore reaches them too: build/protos/firestore_v1_proto_api.js (its bundle
// types) ends with `x.google = require('@google-cloud/firestore-api/build/protos/protos').google`,
// and serializer.js, loaded with the client, reads `.google.firestore.v1.Value` from it at import
// (for two rarely used methods). Both reads would load the 1.4 MB module on every first request, so
// they are rewritten into reads on first use (DEFERRED_READS). Should a Firestore release change
// those lines, the rewrite does not apply and the module is simply loaded eagerly, as before.

// Matched on the specifier as written (`../protos/protos`, `../../protos/operations`).
const STATIC_PROTOS = /(^|[\\/])protos[\\/](protos|operations|iam_service|locations)$/;
const FROM_GAPIC =
  /node_modules[\\/](@google-cloud[\\/](firestore-api|secret-manager)|google-gax)[\\/]build[\\/]src[\\/]|node_modules[\\/]@google-cloud[\\/]firestore[\\/]build[\\/]protos[\\/]/;
const NS = 'lazy-static-protos';

/** Reads of the static protos at import time, rewritten into reads on first use. */
const DEFERRED_READS: Array<{ file: RegExp; read: RegExp; deferred: string }> = [
  {
    file: /@google-cloud[\\/]firestore[\\/]build[\\/]protos[\\/]firestore_v1_proto_api\.js$/,
    read: /([\w$]+)\.google=(require\("@google-cloud\/firestore-api\/build\/protos\/protos"\))\.google/,
    deferred: 'Object.defineProperty($1,"google",{configurable:!0,enumerable:!0,get:function(){return $2.google}})',
  },
  {
    file: /@google-cloud[\\/]firestore[\\/]build[\\/]src[\\/]serializer\.js$/,
    read: /var Value = (firestore_v1_proto_api_1)\.google\.firestore\.v1\.Value;/,
    deferred:
      'var Value = new Proxy({}, { get: (_t, key) => { const real = $1.google.firestore.v1.Value; const v = real[key]; return typeof v === "function" ? v.bind(real) : v; } });',
  },
];
const DEFERRED_FILES = /@google-cloud[\\/]firestore[\\/]build[\\/](protos[\\/]firestore_v1_proto_api|src[\\/]serializer)\.js$/;

export interface LazyProtos {
  plugin: Plugin;
  /** id → absolute path of each module moved out of the bundle during the build. */
  modules: Map<string, string>;
}

export function lazyStaticProtos(): LazyProtos {
  const modules = new Map<string, string>();
  const plugin: Plugin = {
    name: NS,
    setup(build) {
      build.onResolve({ filter: STATIC_PROTOS }, async (args) => {
        if (args.pluginData === NS || !FROM_GAPIC.test(args.importer)) return undefined;
        const real = await build.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, importer: args.importer, pluginData: NS });
        if (real.errors.length > 0) return { errors: real.errors };
        const id = lazyId(real.path);
        modules.set(id, real.path);
        return { path: id, namespace: NS };
      });
      build.onLoad({ filter: /.*/, namespace: NS }, (args) => ({ contents: proxySource(args.path), loader: 'js' }));
      build.onLoad({ filter: DEFERRED_FILES }, async (args) => {
        const contents = deferStaticProtoReads(args.path, await readFile(args.path, 'utf8'));
        return contents === undefined ? undefined : { contents, loader: 'js' };
      });
    },
  };
  return { plugin, modules };
}

/** The source with its import-time read of the static protos deferred; undefined when none applies. */
export function deferStaticProtoReads(path: string, source: string): string | undefined {
  const rewrite = DEFERRED_READS.find((r) => r.file.test(path));
  const deferred = rewrite && source.replace(rewrite.read, rewrite.deferred);
  return deferred === undefined || deferred === source ? undefined : deferred;
}

/** ".../node_modules/@google-cloud/secret-manager/build/protos/protos.js" → "google-cloud-secret-manager-build-protos-protos". */
function lazyId(path: string): string {
  return path
    .replace(/^.*node_modules[\\/]/, '')
    .replace(/\.js$/, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

// `__esModule: true` keeps TypeScript's __importStar (used by google-gax) from copying every key
// eagerly; it hands the proxy through and the load happens on first real use. The require path
// is computed, so esbuild leaves it to Node at run time.
function proxySource(id: string): string {
  return `let real;
const load = () => (real ??= require(require('node:path').join(__dirname, 'lazy', ${JSON.stringify(`${id}.js`)})));
module.exports = new Proxy({}, {
  get: (_t, key) => (key === '__esModule' ? true : load()[key]),
  has: (_t, key) => key in load(),
  ownKeys: () => Reflect.ownKeys(load()),
  getOwnPropertyDescriptor: (_t, key) => {
    const d = Object.getOwnPropertyDescriptor(load(), key);
    return d && { ...d, configurable: true };
  },
});
`;
}
