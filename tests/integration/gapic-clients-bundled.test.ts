import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type RunningPubSubEmulator, startPubSubEmulator } from '../../scripts/lib/pubsub-emulator';
import { type SecretManagerFake, startSecretManagerFake } from '../../sandbox/secret-manager';
import { bundleEntry } from '../support/bundle-probe';
import { repoTempDir } from '../support/repo-temp-dir';

// The Google clients as a bundle carries them (pruned descriptors, lazy static protos): the
// app's own Firestore client over REST and its dispatch client over gRPC against the emulator,
// its Secret Manager reader over REST against the loopback fake, and its digest publisher over
// gRPC against the Pub/Sub emulator, each through the calls the functions make (commit, batchGet,
// runQuery, listDocuments, transactions, aggregation, errors; publish, streaming pull).

const root = process.cwd();
const dir = repoTempDir('gapic-clients-bundled-test-', root);
const PROJECT = 'demo-gapic-bundled';
let fake: SecretManagerFake;
let pubsub: RunningPubSubEmulator;

beforeAll(async () => {
  [fake, pubsub] = await Promise.all([startSecretManagerFake(), startPubSubEmulator()]);
  fake.setSecret(PROJECT, 'probe-key', 'sesame');
});
afterAll(async () => {
  await Promise.all([fake.close(), pubsub.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

const PROBE = `
import { FieldValue, GeoPoint, Timestamp, type Firestore } from '@google-cloud/firestore';
import { type Message, PubSub } from '@google-cloud/pubsub';
import { createPubSubPublisher } from '${root}/shared/digests/publisher';
import { loadConfig } from '${root}/shared/config';
import { createFirestore } from '${root}/shared/store/firestore';
import { dispatchFirestore } from '${root}/shared/digests/dispatch-firestore';
import { createSecretManagerClient } from '${root}/shared/secrets';

async function exercise(db: Firestore, collection: string) {
  const col = db.collection(collection);
  await col.doc('a').set({ n: 1, at: Timestamp.fromMillis(1_700_000_000_123), geo: new GeoPoint(1.5, 2), nested: { list: [1, 'x', null] } });
  await col.doc('b').set({ n: 2 });
  const [a, b, missing] = await db.getAll(col.doc('a'), col.doc('b'), col.doc('none'));
  const query = await col.where('n', '>=', 1).orderBy('n', 'desc').get();
  const listed = await col.listDocuments();
  const seen = await db.runTransaction(async (t) => {
    const s = await t.get(col.doc('a'));
    t.update(col.doc('a'), { n: s.get('n') + 10, touched: FieldValue.serverTimestamp() });
    return s.get('n');
  });
  const after = (await col.doc('a').get()).data() ?? {};
  const count = (await col.count().get()).data().count;
  const failure = await col.doc('a').create({}).then(() => 'created', (e) => e.code);
  return {
    a: { n: a.get('n'), at: a.get('at').toMillis(), geo: [a.get('geo').latitude, a.get('geo').longitude], nested: a.get('nested') },
    b: b.get('n'), missing: missing.exists,
    query: query.docs.map((d) => d.id), listed: listed.map((d) => d.id).sort(),
    seen, after: { n: after.n, touched: after.touched instanceof Timestamp }, count, failure,
  };
}

async function publishAndReceive(host: string) {
  const client = new PubSub({ projectId: '${PROJECT}', apiEndpoint: host, emulatorMode: true });
  const [topic] = await client.createTopic('digests');
  const [subscription] = await topic.createSubscription('digests-probe');
  const received = new Promise<unknown>((resolve) =>
    subscription.once('message', (m: Message) => {
      m.ack();
      resolve({ job: JSON.parse(m.data.toString('utf8')), uid: m.attributes.uid });
    }),
  );
  const publisher = await createPubSubPublisher({ projectId: '${PROJECT}', topic: 'digests', emulatorHost: host });
  const job = { v: 1 as const, uid: 'u1', localDate: '2030-01-02', dueAt: '2030-01-02T07:00:00.000Z' };
  const published = await publisher.publish([job]);
  const message = await received;
  await subscription.close();
  await Promise.all([publisher.close(), client.close()]);
  return { published, message };
}

void (async () => {
  const config = loadConfig({ GOOGLE_CLOUD_PROJECT: '${PROJECT}', FIRESTORE_EMULATOR_HOST: process.env.FIRESTORE_EMULATOR_HOST, SECRET_MANAGER_ENDPOINT: process.env.SECRET_MANAGER_ENDPOINT });
  const rest = await createFirestore(config);
  const grpc = await dispatchFirestore(config);
  const secrets = await createSecretManagerClient(config);
  const [version] = await secrets.accessSecretVersion({ name: 'projects/${PROJECT}/secrets/probe-key/versions/latest' });
  const absent = await secrets.accessSecretVersion({ name: 'projects/${PROJECT}/secrets/absent/versions/latest' }).then(() => 'found', (e) => e.code);
  const out = {
    rest: await exercise(rest, 'bundled-rest'),
    grpc: await exercise(grpc, 'bundled-grpc'),
    pubsub: await publishAndReceive(process.env.PUBSUB_EMULATOR_HOST ?? ''),
    secret: Buffer.from(version.payload?.data ?? '').toString('utf8'),
    absent,
  };
  await Promise.all([rest.terminate(), grpc.terminate(), secrets.close()]);
  console.log(JSON.stringify(out));
})();
`;

describe('Google clients in a bundle', () => {
  it('work over REST and gRPC with the descriptors the bundle carries', async () => {
    const { outDir: out, result } = await bundleEntry(dir, 'gapic-probe', PROBE);
    expect(result.problems).toEqual([]);
    // The bundle holds pruned descriptors for each client, and no package's whole file.
    const sources: string[] = JSON.parse(readFileSync(join(out, 'index.js.map'), 'utf8')).sources;
    const pruned = sources.filter((s) => s.startsWith('pruned-gapic-protos:'));
    expect(pruned.some((s) => s.includes('firestore-api/build/protos/protos.json?') && s.includes('google.firestore.v1.Firestore'))).toBe(true);
    expect(pruned.some((s) => s.includes('secret-manager/build/protos/protos.json?') && s.includes('google.cloud.secretmanager.v1.SecretManagerService'))).toBe(
      true,
    );
    expect(pruned.some((s) => s.includes('pubsub-api/build/protos/protos.json?') && s.includes('google.pubsub.v1.Publisher'))).toBe(true);
    expect(sources.filter((s) => /(firestore-api|secret-manager|pubsub-api)\/build\/protos\/protos\.json$/.test(s))).toEqual([]);

    const env = {
      PATH: process.env.PATH ?? '',
      METADATA_SERVER_DETECTION: 'none',
      FIRESTORE_EMULATOR_HOST: inject('firestoreEmulatorHost'),
      SECRET_MANAGER_ENDPOINT: `127.0.0.1:${fake.restPort}`,
      PUBSUB_EMULATOR_HOST: pubsub.host,
    };
    const { stdout } = await promisify(execFile)(process.execPath, [join(out, 'index.js')], { env, encoding: 'utf8' });
    const expected = {
      a: { n: 1, at: 1_700_000_000_123, geo: [1.5, 2], nested: { list: [1, 'x', null] } },
      b: 2,
      missing: false,
      query: ['b', 'a'],
      listed: ['a', 'b'],
      seen: 1,
      after: { n: 11, touched: true },
      count: 2,
      failure: 6, // ALREADY_EXISTS
    };
    const job = { v: 1, uid: 'u1', localDate: '2030-01-02', dueAt: '2030-01-02T07:00:00.000Z' };
    const pubsubExpected = { published: [true], message: { job, uid: 'u1' } };
    expect(JSON.parse(stdout)).toEqual({ rest: expected, grpc: expected, pubsub: pubsubExpected, secret: 'sesame', absent: 5 });
    expect(fake.accessCount('probe-key')).toBe(1);
  }, 180_000);
});
