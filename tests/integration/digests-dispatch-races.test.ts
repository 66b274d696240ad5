import { randomBytes } from 'node:crypto';
import type { Firestore } from '@google-cloud/firestore';
import { afterAll, beforeAll, beforeEach, describe, expect, it, inject } from 'vitest';
import { wipeEmulatorProject } from '../../scripts/lib/firestore-emulator';
import { loadConfig } from '../../shared/config';
import { createLogger } from '../../shared/log';
import { createFirestore } from '../../shared/store/firestore';
import { dispatchDueDigests } from '../../shared/digests/digest-dispatch';
import type { DigestJob, JobPublisher } from '../../shared/digests/publisher';
import { DigestSettingsStore } from '../../shared/digests/settings-store';

// Dispatch's own failure modes, on the Firestore emulator: the reschedule writes go out as atomic
// commits of many users, so a settings save racing one of them must not cost the others their
// reschedule (nor be overwritten); two runs at once; an instance dying after Pub/Sub took a
// page's jobs but before that page's reschedule. In each, every due user ends up with jobs for
// one (user, local date) only — the key the worker's claim makes one digest of (a duplicate
// job is acknowledged without a mail: digests-schedule.test.ts, digests-fanout.test.ts).

const emulatorHost = inject('firestoreEmulatorHost');
const projectId = `races-${randomBytes(4).toString('hex')}`;
const clock = { at: 0, now: () => new Date(clock.at) };
const DATE = '2026-06-15';
const UIDS = Array.from({ length: 12 }, (_, i) => `r${String(i).padStart(2, '0')}`);
let db: Firestore;

const store = () => new DigestSettingsStore(async () => db, clock.now);
const settings = (hour: number) => ({
  enabled: true,
  hour,
  timeZone: 'UTC',
  sections: { calendar: true, email: true, orders: true, youtubeSearches: [] },
  deliveryAddress: null,
});
const key = (j: DigestJob) => `${j.uid}:${j.localDate}`;

/** An in-memory Pub/Sub that records what it took; `before` runs first on each publish call. */
function recorder(before?: (call: number) => Promise<void>): JobPublisher & { jobs: DigestJob[] } {
  let calls = 0;
  const jobs: DigestJob[] = [];
  return {
    jobs,
    async publish(batch) {
      await before?.(++calls);
      jobs.push(...batch);
      return batch.map(() => true);
    },
    close: async () => undefined,
  };
}

const dispatch = (publisher: JobPublisher, pageSize?: number) =>
  dispatchDueDigests({ db: async () => db, publisher, now: clock.now, log: createLogger({ level: 'error' }), deadlineAt: Date.now() + 20_000, pageSize });

async function scheduleOf(uid: string) {
  const s = await store().get(uid);
  return { hour: s?.hour, nextDueAt: s?.nextDueAt && new Date(s.nextDueAt).toISOString(), lastDispatchedDate: s?.lastDispatchedDate };
}

beforeAll(async () => {
  db = await createFirestore(loadConfig({ GOOGLE_CLOUD_PROJECT: projectId, FIRESTORE_EMULATOR_HOST: emulatorHost, METADATA_SERVER_DETECTION: 'none' }));
});
afterAll(async () => {
  await db?.terminate();
});
beforeEach(async () => {
  await wipeEmulatorProject(emulatorHost, projectId);
  clock.at = Date.parse(`${DATE}T08:00:00Z`);
  for (const uid of UIDS) await store().put(uid, settings(9));
  clock.at = Date.parse(`${DATE}T09:00:00Z`);
});

describe('dispatch under races and crashes', () => {
  it('a settings save between the due query and the reschedule fails one commit, yet every other user in it is rescheduled', async () => {
    // The save lands after the due query read r05 and before the page's commit is sent.
    const publisher = recorder(async (call) => {
      if (call === 1) await store().put('r05', settings(15));
    });
    const report = await dispatch(publisher);
    expect(report).toMatchObject({ published: 12, failed: 0, rescheduled: 11, pages: 1 });
    for (const uid of UIDS.filter((u) => u !== 'r05')) {
      expect(await scheduleOf(uid), uid).toEqual({ hour: 9, nextDueAt: '2026-06-16T09:00:00.000Z', lastDispatchedDate: DATE });
    }
    // The save stands: dispatch's stale reschedule of r05 was dropped, not forced over it.
    expect(await scheduleOf('r05')).toEqual({ hour: 15, nextDueAt: `${DATE}T15:00:00.000Z`, lastDispatchedDate: null });
    const again = recorder();
    await dispatch(again);
    expect(again.jobs).toEqual([]);
  });

  it('two runs at once: each due user is rescheduled once, every job is for the due date, a third run publishes nothing', async () => {
    const a = recorder();
    const b = recorder();
    const reports = await Promise.all([dispatch(a, 5), dispatch(b, 5)]);
    // Exactly one reschedule per user landed: the slower run's writes lost their preconditions.
    expect(reports.reduce((n, r) => n + r.rescheduled, 0)).toBe(UIDS.length);
    const keys = [...a.jobs, ...b.jobs].map(key);
    expect(new Set(keys)).toEqual(new Set(UIDS.map((u) => `${u}:${DATE}`)));
    for (const uid of UIDS) expect(await scheduleOf(uid), uid).toEqual({ hour: 9, nextDueAt: '2026-06-16T09:00:00.000Z', lastDispatchedDate: DATE });
    const third = recorder();
    await dispatch(third, 5);
    expect(third.jobs).toEqual([]);
  });

  it('an instance dying after Pub/Sub took a page, before its reschedule: the re-run publishes the same (user, date) jobs, nobody is lost', async () => {
    let tookBeforeDying: DigestJob[] = [];
    const dying: JobPublisher = {
      async publish(batch) {
        // Page 2: Pub/Sub takes the jobs, then the instance is gone before it rescheduled anyone.
        if (tookBeforeDying.length === 0 && first.jobs.length > 0) {
          tookBeforeDying = [...batch];
          throw new Error('instance died');
        }
        return first.publish(batch);
      },
      close: async () => undefined,
    };
    const first = recorder();
    await expect(dispatch(dying, 5)).rejects.toThrow('instance died');
    expect(tookBeforeDying).toHaveLength(5);
    const rerun = recorder();
    await dispatch(rerun, 5);
    const rerunKeys = new Set(rerun.jobs.map(key));
    // Every user whose job was out when the instance died is published again under the same key.
    for (const job of tookBeforeDying) expect(rerunKeys, job.uid).toContain(key(job));
    const everyKey = new Set([...first.jobs, ...tookBeforeDying, ...rerun.jobs].map(key));
    expect(everyKey).toEqual(new Set(UIDS.map((u) => `${u}:${DATE}`)));
    for (const uid of UIDS) expect(await scheduleOf(uid), uid).toEqual({ hour: 9, nextDueAt: '2026-06-16T09:00:00.000Z', lastDispatchedDate: DATE });
    const third = recorder();
    await dispatch(third, 5);
    expect(third.jobs).toEqual([]);
  });
});
