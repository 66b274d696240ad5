import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { deferStaticProtoReads } from '../../scripts/lib/lazy-protos-plugin';
import { bundleEntry, runBundle } from '../support/bundle-probe';
import { repoTempDir } from '../support/repo-temp-dir';

// The build moves the GAPIC packages' static protobuf classes out of each bundle behind a lazy
// proxy. Whatever still reaches for them must get the real classes, loaded on first use only.

const root = process.cwd();
const dir = repoTempDir('lazy-protos-test-', root);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('lazy static protos', () => {
  it('serves the real classes on first use and not before', async () => {
    const { outDir: out, result } = await bundleEntry(
      dir,
      'lazy-probe',
      [
        "import * as gax from 'google-gax';",
        "import { protos } from '@google-cloud/firestore';",
        "import { protos as sm } from '@google-cloud/secret-manager';",
        'const before = Object.keys(require.cache).filter((k) => k.includes("/lazy/google-")).length;',
        'const op = new gax.operationsProtos.google.longrunning.GetOperationRequest({ name: "operations/1" });',
        'const doc = protos.google.firestore.v1.Document.fromObject({ name: "projects/p/databases/(default)/documents/c/d" });',
        'const version = sm.google.cloud.secretmanager.v1.SecretVersion.create({ name: "v" });',
        'const after = Object.keys(require.cache).filter((k) => k.includes("/lazy/google-")).length;',
        'console.log(JSON.stringify({ before, after, op: op.name, doc: doc.name, version: version.name, iam: typeof gax.IamProtos.google.iam.v1.Policy }));',
      ].join('\n'),
    );
    expect(result.problems).toEqual([]);
    expect(readdirSync(join(out, 'lazy')).sort()).toEqual([
      'google-cloud-firestore-api-build-protos-protos.js',
      'google-cloud-secret-manager-build-protos-protos.js',
      'google-gax-build-protos-iam-service.js',
      'google-gax-build-protos-locations.js',
      'google-gax-build-protos-operations.js',
    ]);
    expect(runBundle(out)).toEqual({
      before: 0,
      after: 3,
      op: 'operations/1',
      doc: 'projects/p/databases/(default)/documents/c/d',
      version: 'v',
      iam: 'function',
    });
  });

  it("defers Firestore's import-time reads of the static protos (a new Firestore release that changes them fails here)", async () => {
    const require = createRequire(join(root, 'package.json'));
    const firestoreDir = join(require.resolve('@google-cloud/firestore'), '..', '..', '..');
    for (const file of ['build/protos/firestore_v1_proto_api.js', 'build/src/serializer.js']) {
      const path = join(firestoreDir, file);
      expect(deferStaticProtoReads(path, readFileSync(path, 'utf8')), file).toBeDefined();
    }

    // Loading the client and creating a Firestore instance loads no static protos.
    const { outDir, result } = await bundleEntry(
      dir,
      'firestore-probe',
      [
        "import { Firestore, protos } from '@google-cloud/firestore';",
        "const db = new Firestore({ projectId: 'p', preferRest: true });",
        "db.collection('c').doc('d');",
        'const lazyLoaded = () => Object.keys(require.cache).filter((k) => k.includes("/lazy/google-")).length;',
        'const before = lazyLoaded();',
        'const doc = protos.google.firestore.v1.Document.fromObject({ name: "n" });',
        'console.log(JSON.stringify({ before, after: lazyLoaded(), doc: doc.name }));',
      ].join('\n'),
    );
    expect(result.problems).toEqual([]);
    expect(runBundle(outDir)).toEqual({ before: 0, after: 1, doc: 'n' });
  });
});
