import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fromJSON as grpcDefinitions } from '@grpc/proto-loader';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { clientLookups, pruneProtoJson } from '../../scripts/lib/proto-prune';

// Each GAPIC client gets only the descriptors it can reach (scripts/lib/pruned-protos-plugin.ts).
// Checked here against the full descriptors, independently of the pruning's own proof: every
// method, type and HTTP rule is the same, and google-gax encodes the same REST requests and
// proto-loader the same gRPC messages from both.

const require = createRequire(join(process.cwd(), 'package.json'));
const pkgDir = (name: string) => join(process.cwd(), 'node_modules', name);
const FIRESTORE_API = pkgDir('@google-cloud/firestore-api');
const read = (path: string) => readFileSync(path, 'utf8');
const firestoreJson = () => JSON.parse(read(join(FIRESTORE_API, 'build/protos/protos.json'))) as protobuf.INamespace;
const prunedFor = (client: string, json: protobuf.INamespace) => {
  const pruned = pruneProtoJson(json, clientLookups(read(client)));
  if (!pruned) throw new Error(`${client} was not pruned`);
  return pruned;
};
const rootOf = (json: protobuf.INamespace) => {
  const root = protobuf.Root.fromJSON(json);
  root.resolveAll();
  return root;
};
// google-gax's REST request encoder (not in its package exports, so loaded by its file path).
const { encodeRequest, decodeResponse } = require(join(pkgDir('google-gax'), 'build/src/fallbackRest.js'));

const DB = 'projects/p/databases/(default)';
const DOC = `${DB}/documents/c/d`;
const SAMPLE_REQUESTS: Record<string, unknown> = {
  Commit: {
    database: DB,
    transaction: Buffer.from('tx'),
    writes: [
      {
        update: {
          name: DOC,
          fields: {
            a: { stringValue: 'x' },
            t: { timestampValue: { seconds: 5, nanos: 1 } },
            m: { mapValue: { fields: { n: { integerValue: 3 } } } },
            z: { nullValue: 'NULL_VALUE' },
          },
        },
        updateMask: { fieldPaths: ['a'] },
        currentDocument: { exists: true },
        updateTransforms: [{ fieldPath: 'u', setToServerValue: 'REQUEST_TIME' }],
      },
      { delete: DOC, currentDocument: { updateTime: { seconds: 9 } } },
    ],
  },
  RunQuery: {
    parent: `${DB}/documents`,
    newTransaction: { readOnly: {} },
    structuredQuery: {
      from: [{ collectionId: 'c' }],
      where: { fieldFilter: { field: { fieldPath: 'a' }, op: 'EQUAL', value: { arrayValue: { values: [{ booleanValue: true }] } } } },
      orderBy: [{ field: { fieldPath: 'a' }, direction: 'DESCENDING' }],
      limit: { value: 10 },
    },
  },
  BatchGetDocuments: { database: DB, documents: [DOC], mask: { fieldPaths: ['a'] }, readTime: { seconds: 1 } },
  ListDocuments: { parent: `${DB}/documents`, collectionId: 'c', pageSize: 5, showMissing: true, mask: { fieldPaths: ['a'] } },
  BeginTransaction: { database: DB, options: { readWrite: { retryTransaction: Buffer.from('r') } } },
  Rollback: { database: DB, transaction: Buffer.from('tx') },
};
const SAMPLE_RESPONSES: Record<string, unknown> = {
  RunQuery: {
    document: {
      name: DOC,
      fields: { t: { timestampValue: '2024-01-01T00:00:00.5Z' }, g: { geoPointValue: { latitude: 1, longitude: 2 } } },
      updateTime: '2024-01-01T00:00:00Z',
    },
    readTime: '2024-01-01T00:00:01Z',
    transaction: 'dHg=',
  },
  Commit: {
    writeResults: [{ updateTime: '2024-01-01T00:00:00Z', transformResults: [{ timestampValue: '2024-01-01T00:00:00Z' }] }],
    commitTime: '2024-01-01T00:00:00Z',
  },
};

/** Every message and enum reachable from a service, by full name. */
function reachable(service: protobuf.Service): Map<string, protobuf.Type | protobuf.Enum> {
  const out = new Map<string, protobuf.Type | protobuf.Enum>();
  const visit = (t: protobuf.Type | protobuf.Enum | null) => {
    if (!t || out.has(t.fullName)) return;
    out.set(t.fullName, t);
    if (t instanceof protobuf.Type) for (const f of t.fieldsArray) visit(f.resolvedType);
  };
  for (const m of service.methodsArray) {
    visit(m.resolvedRequestType);
    visit(m.resolvedResponseType);
  }
  return out;
}

describe('GAPIC descriptors pruned per client', () => {
  const full = rootOf(firestoreJson());
  const pruned = rootOf(prunedFor(join(FIRESTORE_API, 'build/src/v1/firestore_client.js'), firestoreJson()));
  const service = full.lookupService('google.firestore.v1.Firestore');

  it('keeps every method of google.firestore.v1.Firestore with its types and HTTP rules, and drops the rest', () => {
    const twin = pruned.lookupService('google.firestore.v1.Firestore');
    expect(Object.keys(twin.methods)).toEqual(Object.keys(service.methods));
    for (const m of service.methodsArray) {
      const t = twin.methods[m.name] as protobuf.Method;
      expect([t.resolvedRequestType?.fullName, t.resolvedResponseType?.fullName, t.requestStream, t.responseStream], m.name).toEqual([
        m.resolvedRequestType?.fullName,
        m.resolvedResponseType?.fullName,
        m.requestStream,
        m.responseStream,
      ]);
      expect(t.parsedOptions, m.name).toEqual(m.parsedOptions);
      expect(JSON.stringify(t.parsedOptions), m.name).toContain('(google.api.http)');
    }
    const types = reachable(service);
    expect(types.size).toBeGreaterThan(50);
    for (const [name, t] of types) expect(pruned.lookup(name)?.toJSON(), name).toEqual(t.toJSON());

    for (const gone of [
      'google.firestore.admin.v1.FirestoreAdmin',
      'google.firestore.admin.v1.Index',
      'google.longrunning.Operations',
      'google.protobuf.FileDescriptorProto',
    ]) {
      expect(full.lookup(gone), gone).not.toBeNull();
      expect(pruned.lookup(gone), gone).toBeNull();
    }
  });

  it('encodes the same REST requests and decodes the same answers (google-gax fallback)', () => {
    for (const [method, request] of Object.entries(SAMPLE_REQUESTS)) {
      const encode = (root: protobuf.Root) =>
        encodeRequest(root.lookupService('google.firestore.v1.Firestore').methods[method], 'http', '127.0.0.1', 8080, request, true, true);
      const sent = encode(pruned);
      expect(sent, method).toEqual(encode(full));
      expect(sent.url, method).toMatch(/^http:\/\/127\.0\.0\.1:8080\/v1\/projects\/p\/databases\//);
    }
    for (const [method, answer] of Object.entries(SAMPLE_RESPONSES)) {
      const decode = (root: protobuf.Root) =>
        decodeResponse(root.lookupService('google.firestore.v1.Firestore').methods[method], true, Buffer.from(JSON.stringify(answer)), 200);
      expect(decode(pruned), method).toEqual(decode(full));
    }
  });

  it('serializes the same gRPC messages (proto-loader, as google-gax loads them)', () => {
    const options = { keepCase: false, longs: String, enums: String, defaults: true, oneofs: true };
    const fromFull = grpcDefinitions(firestoreJson(), options)['google.firestore.v1.Firestore'] as Record<string, any>;
    const fromPruned = grpcDefinitions(prunedFor(join(FIRESTORE_API, 'build/src/v1/firestore_client.js'), firestoreJson()), options)[
      'google.firestore.v1.Firestore'
    ] as Record<string, any>;
    expect(Object.keys(fromPruned)).toEqual(Object.keys(fromFull));
    for (const [method, request] of Object.entries(SAMPLE_REQUESTS)) {
      const bytes: Buffer = fromPruned[method].requestSerialize(request);
      expect(fromPruned[method].path).toBe(fromFull[method].path);
      expect(bytes.length, method).toBeGreaterThan(0);
      expect(bytes).toEqual(fromFull[method].requestSerialize(request));
      expect(fromPruned[method].requestDeserialize(bytes)).toEqual(fromFull[method].requestDeserialize(bytes));
    }
  });

  it("keeps the admin client's long-running-operation types and the Operations service it is given", () => {
    const admin = rootOf(prunedFor(join(FIRESTORE_API, 'build/src/v1/firestore_admin_client.js'), firestoreJson()));
    for (const name of [
      'google.firestore.admin.v1.FirestoreAdmin',
      'google.firestore.admin.v1.IndexOperationMetadata',
      'google.longrunning.Operations',
      'google.protobuf.Empty',
    ])
      expect(admin.lookup(name), name).not.toBeNull();
    expect(admin.lookup('google.firestore.v1.Firestore')).toBeNull();
  });

  it('prunes every client file the bundles carry (a release that changes the pattern fails here)', () => {
    const clients = [
      ['@google-cloud/secret-manager', 'build/src/v1/secret_manager_service_client.js', 'google.cloud.secretmanager.v1.SecretManagerService'],
      ['@google-cloud/pubsub-api', 'build/src/v1/publisher_client.js', 'google.pubsub.v1.Publisher'],
      ['@google-cloud/tasks', 'build/cjs/src/v2/cloud_tasks_client.cjs', 'google.cloud.tasks.v2.CloudTasks'],
    ];
    for (const [pkg, file, name] of clients as [string, string, string][]) {
      const dir = pkgDir(pkg);
      const json = JSON.parse(read(join(dir, 'build/protos/protos.json')));
      const kept = rootOf(prunedFor(join(dir, file), json));
      expect(Object.keys(kept.lookupService(name).methods)).toEqual(Object.keys(rootOf(json).lookupService(name).methods));
      expect(JSON.stringify(prunedFor(join(dir, file), json)).length, file).toBeLessThan(JSON.stringify(json).length / 2);
    }
  });
});
