import type { Firestore } from '@google-cloud/firestore';
import type { Logger } from '../log';
import { hashUserId } from '../log';
import { latestDue, nextDue } from './local-time';
import type { DigestJob, JobPublisher } from './publisher';
import { RescheduleWriter } from './reschedule-writer';
import { DigestSettingsStore, type DueEntry } from './settings-store';

// Hourly (Cloud Scheduler): publish one digest job per user whose local digest hour has come and
// whose digest for that local date has not been dispatched yet, then move their nextDueAt to
// the next local date. Publishing comes first: if the instance dies before the move, the next
// run publishes again and the worker's per-date claim keeps it to one digest. If dispatch
// missed whole days, only the latest date is sent (no pile of stale digests).
// Work is done in pages, within a time budget; what is left is due on the next run. Pages are
// large and read only the scheduling fields (each query has a cost of its own, on the emulator
// one that grows with the due set), and pipelined: the next due query overlaps this page's
// publish and writes. The writes go out as large conditional commits (reschedule-writer.ts).

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
const PAGE_SIZE = 5_000;

export async function dispatchDueDigests(deps: DispatchDeps): Promise<DispatchReport> {
  const store = new DigestSettingsStore(deps.db, deps.now);
  const report: DispatchReport = { published: 0, rescheduled: 0, failed: 0, pages: 0 };
  const pageSize = deps.pageSize ?? PAGE_SIZE;
  const writer = new RescheduleWriter(await deps.db());
  // One entry more than a page is asked for, only to learn whether another page follows: a due
  // set that fills its last page exactly then costs no extra (empty) query.
  let next: Promise<DueEntry[]> | undefined = store.listDue(pageSize + 1);
  try {
    while (next) {
      const read = await next;
      next = undefined;
      if (read.length === 0) break;
      const due = read.slice(0, pageSize);
      report.pages++;
      // Pipelined: the next page's query runs while this page is published and rescheduled. Its
      // cursor is this page's last snapshot, whose values do not move when that write lands.
      // The cursor moves past users left due (a refused publish, a lost precondition): they wait
      // for the next run instead of being retried in a loop within this one.
      if (read.length > pageSize && report.pages < MAX_PAGES && Date.now() < deps.deadlineAt) {
        next = store.listDue(pageSize + 1, due.at(-1));
        next.catch(() => undefined); // awaited on the next iteration; this only avoids "unhandled"
      }
      // Pub/Sub refused a whole page: it is down, stop until the next run.
      if (!(await dispatchPage(deps, due, report, writer))) break;
    }
  } finally {
    await writer.close();
    report.rescheduled = writer.written;
  }
  return report;
}

/**
 * Publishes the page's jobs, then queues the reschedule of every user whose job Pub/Sub took (or
 * who had none to take): publish before reschedule, per user, is what keeps a crash from losing
 * a digest. False when Pub/Sub refused every job of the page.
 */
async function dispatchPage(deps: DispatchDeps, due: DueEntry[], report: DispatchReport, writer: RescheduleWriter): Promise<boolean> {
  const now = deps.now().getTime();
  const plans = due.map((entry) => plan(entry, now, deps.log));
  const withJobs = plans.filter((p) => p.job);
  const accepted = await deps.publisher.publish(withJobs.flatMap((p) => (p.job ? [p.job] : [])));
  // A job Pub/Sub did not take keeps its user due: the next run tries again.
  const failed = new Set(withJobs.filter((_, i) => !accepted[i]).map((p) => p.entry.uid));
  report.published += withJobs.length - failed.size;
  report.failed += failed.size;
  for (const p of plans) if (!failed.has(p.entry.uid)) await writer.add({ ref: p.entry.ref, updateTime: p.entry.updateTime, update: p.update });
  return withJobs.length === 0 || failed.size < withJobs.length;
}

function plan(entry: DueEntry, now: number, log: Logger): Plan {
  const s = entry.settings;
  if (!s) {
    // Stored fields that do not parse (written by hand, or by an older release): off the schedule
    // until the user saves settings again, like settings that cannot be scheduled.
    log.error('digest settings unreadable; unscheduled', { user: hashUserId(entry.uid) });
    return { entry, update: { nextDueAt: null } };
  }
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
