import { randomBytes } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Firestore } from '@google-cloud/firestore';
import { startFirestoreEmulator, type RunningEmulator } from '../../scripts/lib/firestore-emulator';
import { startPubSubEmulator, type RunningPubSubEmulator } from '../../scripts/lib/pubsub-emulator';
import { loadConfig } from '../../shared/config';
import { createLogger } from '../../shared/log';
import { dispatchDueDigests, type DispatchReport } from '../../shared/digests/digest-dispatch';
import { dispatchFirestore } from '../../shared/digests/dispatch-firestore';
import { createPubSubPublisher, type DigestJob, type JobPublisher } from '../../shared/digests/publisher';
import { nextDue } from '../../shared/digests/local-time';

// Dispatch of the hourly digest run for N users (default 10,000), all due at once — the worst
// hour — on the official Firestore emulator and (default) the official Pub/Sub emulator, with the
// production code (indexed due query in large projected pages, batched publish, reschedule in
// conditional commits of 500). Target: ≥ 2,000 users (= messages) per second at 10,000 users.
// Prints messages published per second and the cost per user (wall time, Firestore operations,
// message bytes). Run: `npx tsx tests/bench/dispatch-bench.ts [--users=10000] [--no-pubsub]`,
// or call runDispatchBench() from tests/bench/run-bench.ts.

export interface DispatchBenchOptions {
  users?: number;
  /** Publish to the Pub/Sub emulator (default) or to an in-memory sink (measures Firestore only). */
  pubsub?: boolean;
  pageSize?: number;
  firestoreEmulatorHost?: string;
  log?: (line: string) => void;
}

export interface DispatchBenchResult {
  users: number;
  report: DispatchReport;
  seconds: number;
  messagesPerSecond: number;
  perUserMs: number;
  publishShare: number;
  messageBytes: number;
  firestoreOpsPerUser: number;
  secondRunPublished: number;
}

const ZONES = [
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
  'America/St_Johns',
  'Europe/London',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'America/New_York',
  'Australia/Adelaide',
  'UTC',
  'Pacific/Auckland',
];
const NOW = Date.parse('2026-06-15T10:00:00Z');

export async function runDispatchBench(opts: DispatchBenchOptions = {}): Promise<DispatchBenchResult> {
  const users = opts.users ?? 10_000;
  const out = opts.log ?? ((line: string) => console.log(line));
  const firestore: RunningEmulator | undefined = opts.firestoreEmulatorHost ? undefined : await startFirestoreEmulator();
  const pubsub: RunningPubSubEmulator | undefined = opts.pubsub === false ? undefined : await startPubSubEmulator();
  const host = opts.firestoreEmulatorHost ?? firestore?.host;
  try {
    // A fresh emulator JVM runs its first tens of thousands of operations several times slower
    // than once warm (interpreted, then JIT-compiled): an unmeasured first run on a project of
    // its own, so the figure is dispatch's, not the JIT's. Its figure is printed too.
    const cold = await dispatchRound(users, host, pubsub, opts.pageSize);
    out(`First run on ${users} users, emulators warming up (not the figure): ${cold.messagesPerSecond.toFixed(0)} messages/s`);
    out(`Seeding ${users} users (all due at ${new Date(NOW).toISOString()})…`);
    const result = await dispatchRound(users, host, pubsub, opts.pageSize);
    print(result, Boolean(pubsub), out);
    return result;
  } finally {
    await pubsub?.stop();
    await firestore?.stop();
  }
}

async function dispatchRound(
  users: number,
  host: string | undefined,
  pubsub: RunningPubSubEmulator | undefined,
  pageSize?: number,
): Promise<DispatchBenchResult> {
  const projectId = `dispatch-bench-${randomBytes(3).toString('hex')}`;
  const config = loadConfig({ GOOGLE_CLOUD_PROJECT: projectId, FIRESTORE_EMULATOR_HOST: host, METADATA_SERVER_DETECTION: 'none' });
  // The client digest-dispatch itself uses (gRPC, see dispatch-firestore.ts).
  const db = await dispatchFirestore(config);
  try {
    await seedUsers(db, users);
    const sink = await publisherFor(projectId, pubsub);
    const run = (deadlineMs: number, size?: number) =>
      dispatchDueDigests({
        db: async () => db,
        publisher: sink.publisher,
        now: () => new Date(NOW),
        log: createLogger({ level: 'error' }),
        deadlineAt: Date.now() + deadlineMs,
        pageSize: size,
      });
    const started = performance.now();
    const report = await run(600_000, pageSize);
    const seconds = (performance.now() - started) / 1000;
    const again = await run(60_000);
    await sink.publisher.close();
    return {
      users,
      report,
      seconds,
      messagesPerSecond: report.published / seconds,
      perUserMs: (seconds * 1000) / users,
      publishShare: sink.publishMs() / (seconds * 1000),
      messageBytes: sink.bytes() / Math.max(1, report.published),
      // Per user: one document read by the due query, one rescheduling write (pages add a query each).
      firestoreOpsPerUser: (report.published + report.rescheduled + report.pages) / users,
      secondRunPublished: again.published,
    };
  } finally {
    await db.terminate();
  }
}

async function seedUsers(db: Firestore, users: number): Promise<void> {
  // Seeding is not measured: unthrottled, so a large run does not spend minutes on its set-up.
  const writer = db.bulkWriter({ throttling: false });
  for (let i = 0; i < users; i++) {
    const uid = `bench-${String(i).padStart(6, '0')}`;
    const timeZone = ZONES[i % ZONES.length] ?? 'UTC';
    const hour = i % 24;
    // Due at or before NOW: the due instant of the day before NOW's next one.
    const dueAt = nextDue(NOW - 24 * 3600_000, hour, timeZone).at;
    const doc = {
      uid,
      enabled: true,
      hour,
      timeZone,
      sections: { calendar: true, email: true, orders: true, youtubeSearches: [] },
      deliveryAddress: null,
      nextDueAt: new Date(dueAt),
      lastDispatchedDate: null,
      lastDigestAt: null,
    };
    void writer.set(db.collection('users').doc(uid).collection('digestSettings').doc('default'), doc);
  }
  await writer.close();
}

interface MeasuredPublisher {
  publisher: JobPublisher;
  publishMs(): number;
  bytes(): number;
}

async function publisherFor(projectId: string, pubsub: RunningPubSubEmulator | undefined): Promise<MeasuredPublisher> {
  let inner: JobPublisher = { publish: async (jobs) => jobs.map(() => true), close: async () => undefined };
  if (pubsub) {
    const { PubSub } = await import('@google-cloud/pubsub');
    const admin = new PubSub({ projectId, apiEndpoint: pubsub.host, emulatorMode: true });
    await admin.createTopic('digests');
    await admin.close();
    inner = await createPubSubPublisher({ projectId, topic: `projects/${projectId}/topics/digests`, emulatorHost: pubsub.host });
  }
  let ms = 0;
  let bytes = 0;
  return {
    publisher: {
      async publish(jobs: readonly DigestJob[]) {
        const t = performance.now();
        bytes += jobs.reduce((n, j) => n + Buffer.byteLength(JSON.stringify(j)), 0);
        const res = await inner.publish(jobs);
        ms += performance.now() - t;
        return res;
      },
      close: () => inner.close(),
    },
    publishMs: () => ms,
    bytes: () => bytes,
  };
}

const TARGET_PER_SECOND = 2_000;

function print(r: DispatchBenchResult, pubsub: boolean, out: (line: string) => void): void {
  out(`\nDigest dispatch, ${r.users} users due in one run (${pubsub ? 'Pub/Sub emulator' : 'in-memory publish'}, Firestore emulator)`);
  // The emulators share the machine's cores with everything else running: say how busy it was.
  out(
    `  load average       ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${availableParallelism()} CPUs`,
  );
  out(`  published          ${r.report.published} in ${r.seconds.toFixed(2)} s over ${r.report.pages} pages (failed ${r.report.failed})`);
  const verdict = r.messagesPerSecond >= TARGET_PER_SECOND ? 'meets' : 'BELOW';
  out(`  messages/second    ${r.messagesPerSecond.toFixed(0)} (${verdict} the target of ≥ ${TARGET_PER_SECOND} users/s at 10,000 users)`);
  out(`  per user           ${r.perUserMs.toFixed(3)} ms wall, ${r.firestoreOpsPerUser.toFixed(2)} Firestore ops, ${r.messageBytes.toFixed(0)} B message`);
  out(`  time publishing    ${(r.publishShare * 100).toFixed(0)} % (the rest: due query + reschedule writes)`);
  out(`  second run         ${r.secondRunPublished} published (expected 0)`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.env.METADATA_SERVER_DETECTION = 'none';
  const { values } = parseArgs({
    options: { users: { type: 'string', default: '10000' }, 'no-pubsub': { type: 'boolean', default: false }, 'page-size': { type: 'string' } },
  });
  const result = await runDispatchBench({
    users: Number(values.users),
    pubsub: !values['no-pubsub'],
    pageSize: values['page-size'] ? Number(values['page-size']) : undefined,
    firestoreEmulatorHost: process.env.FIRESTORE_EMULATOR_HOST,
  });
  if (result.report.published !== result.users || result.secondRunPublished !== 0) process.exitCode = 1;
}
