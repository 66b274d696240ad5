import type { Firestore } from '@google-cloud/firestore';
import type { Logger } from '../log';
import { hashUserId } from '../log';
import { latestDue, nextDue } from './local-time';
import type { DigestJob, JobPublisher } from './publisher';
import { DigestSettingsStore, type DueEntry } from './settings-store';

// Hourly (Cloud Scheduler): publish one digest job per user whose local digest hour has come and
// whose digest for that local date has not been dispatched yet, then move their nextDueAt to
// the next local date. Publishing comes first: if the instance dies before the move, the next
// run publishes again and the worker's per-date claim keeps it to one digest. If dispatch
// missed whole days, only the latest date is sent (no pile of stale digests).
// Work is done in pages, within a time budget; what is left is due on the next run.

export interface DispatchDeps {
  db: () => Promise<Firestore>;
  publisher: JobPublisher;
  now: () => Date;
  log: Logger;
  pageSize?: number;
  /** ms since epoch after which no new page starts. */
  deadlineAt: number;
}

export interface DispatchReport {
  published: number;
  rescheduled: number;
  failed: number;
  pages: number;
}

interface Plan {
  entry: DueEntry;
  job?: DigestJob;
  update: Record<string, unknown>;
}

const MAX_PAGES = 200;

export async function dispatchDueDigests(deps: DispatchDeps): Promise<DispatchReport> {
  const store = new DigestSettingsStore(deps.db, deps.now);
  const report: DispatchReport = { published: 0, rescheduled: 0, failed: 0, pages: 0 };
  const pageSize = deps.pageSize ?? 400;
  let cursor: DueEntry | undefined;
  while (report.pages < MAX_PAGES && Date.now() < deps.deadlineAt) {
    // The cursor moves past users left due (a refused publish, a lost precondition): they wait
    // for the next run instead of being retried in a loop within this one.
    const due = await store.listDue(pageSize, cursor);
    if (due.length === 0) break;
    report.pages++;
    const published = await dispatchPage(deps, due, report);
    cursor = due.at(-1);
    // Pub/Sub refused a whole page: it is down, stop until the next run.
    if (!published || due.length < pageSize) break;
  }
  return report;
}

/** False when Pub/Sub refused every job of the page. */
async function dispatchPage(deps: DispatchDeps, due: DueEntry[], report: DispatchReport): Promise<boolean> {
  const now = deps.now().getTime();
  const plans = due.map((entry) => plan(entry, now, deps.log));
  const withJobs = plans.filter((p) => p.job);
  const accepted = await deps.publisher.publish(withJobs.flatMap((p) => (p.job ? [p.job] : [])));
  // A job Pub/Sub did not take keeps its user due: the next run tries again.
  const failed = new Set(withJobs.filter((_, i) => !accepted[i]).map((p) => p.entry.uid));
  report.published += withJobs.length - failed.size;
  report.failed += failed.size;
  const db = await deps.db();
  const writer = db.bulkWriter();
  // Lost preconditions (the user changed their settings meanwhile, which rescheduled them) are
  // expected: the write is dropped, not retried.
  writer.onWriteError(() => false);
  const writes = plans
    .filter((p) => !failed.has(p.entry.uid))
    .map((p) =>
      writer.update(p.entry.ref, p.update, { lastUpdateTime: p.entry.updateTime }).then(
        () => void report.rescheduled++,
        () => undefined,
      ),
    );
  await writer.close();
  await Promise.all(writes);
  return withJobs.length === 0 || failed.size < withJobs.length;
}

function plan(entry: DueEntry, now: number, log: Logger): Plan {
  const s = entry.settings;
  try {
    if (!s.enabled) return { entry, update: { nextDueAt: null } };
    const latest = latestDue(now, s.hour, s.timeZone);
    const fresh = latest && (!s.lastDispatchedDate || latest.date > s.lastDispatchedDate);
    const job: DigestJob | undefined = fresh ? { v: 1, uid: entry.uid, localDate: latest.date, dueAt: new Date(latest.at).toISOString() } : undefined;
    const done = job?.localDate ?? s.lastDispatchedDate ?? undefined;
    const next = nextDue(now, s.hour, s.timeZone, done);
    return { entry, job, update: { nextDueAt: new Date(next.at), lastDispatchedDate: done ?? null } };
  } catch (e) {
    // Unschedulable settings (e.g. a time zone the runtime no longer knows) must not stall
    // everyone else: this user is taken off the schedule until they save settings again.
    log.error('digest schedule invalid; unscheduled', { user: hashUserId(entry.uid), err: e });
    return { entry, update: { nextDueAt: null } };
  }
}
