import type { Runtime } from '../runtime/runtime';
import type { Logger } from '../log';
import { AppError } from '../errors';
import { GmailWatchStore } from './gmail-watch-store';
import { startGmailWatch, WATCH_RENEW_INTERVAL_MS } from './gmail-watch';
import { CalendarChannelStore, type CalendarChannel } from './calendar-channel-store';
import { RENEW_AHEAD_MS, startCalendarWatch, stopCalendarChannel } from './calendar-watch';

// The daily renewal jobs (Cloud Scheduler → gmail-watch-renew / calendar-channel-renew). Each
// reads only what is due through an indexed query, in pages, until nothing is due or the time
// budget is spent (the next day's run continues). One user's failure is logged and skipped.

const PAGE = 50;

export interface RenewalReport {
  renewed: number;
  reauthRequired: number;
  failed: number;
}

export interface RenewalScope {
  runtime: Runtime;
  requestId: string;
  signal: AbortSignal;
  deadlineAt: number;
}

const needsUser = (e: unknown) => e instanceof AppError && (e.code === 'reauth_required' || e.code === 'not_connected');

function count(report: RenewalReport, e: unknown, log: Logger, what: string): void {
  if (needsUser(e)) {
    report.reauthRequired++;
    return;
  }
  report.failed++;
  log.error(`${what} renewal failed`, { err: e });
}

const inTime = (s: RenewalScope) => Date.now() < s.deadlineAt && !s.signal.aborted;

export async function renewGmailWatches(s: RenewalScope): Promise<RenewalReport> {
  const store = new GmailWatchStore(s.runtime.stores.db, () => s.runtime.clock.now());
  const report: RenewalReport = { renewed: 0, reauthRequired: 0, failed: 0 };
  while (inTime(s)) {
    const due = await store.dueForRenewal(PAGE);
    for (const w of due) {
      const ctx = s.runtime.contextFor({ uid: w.uid, via: 'service' }, s.requestId, s.signal);
      try {
        await startGmailWatch(ctx, w.account);
        report.renewed++;
      } catch (e) {
        // Not due again until tomorrow either way, so this loop moves on past it.
        await store.postpone(w, s.runtime.clock.now().getTime() + WATCH_RENEW_INTERVAL_MS, needsUser(e));
        count(report, e, ctx.log, 'gmail watch');
      }
    }
    if (due.length < PAGE) break;
  }
  return report;
}

export async function renewCalendarChannels(s: RenewalScope): Promise<RenewalReport> {
  const store = new CalendarChannelStore(s.runtime.stores.db, () => s.runtime.clock.now());
  const report: RenewalReport = { renewed: 0, reauthRequired: 0, failed: 0 };
  const horizon = s.runtime.clock.now().getTime() + RENEW_AHEAD_MS;
  let cursor: CalendarChannel | undefined;
  while (inTime(s)) {
    const due = await store.expiringBefore(horizon, PAGE, cursor);
    for (const channel of due) {
      const ctx = s.runtime.contextFor({ uid: channel.uid, via: 'service' }, s.requestId, s.signal);
      try {
        // New channel first, then stop the old one: notifications never lapse in between.
        await startCalendarWatch(ctx, channel.account, channel.calendarId);
        await stopCalendarChannel(ctx, channel);
        report.renewed++;
      } catch (e) {
        count(report, e, ctx.log, 'calendar channel');
        // An expired channel is useless; one that has not expired yet gets another try tomorrow.
        if (channel.expiration <= s.runtime.clock.now().getTime()) await store.delete(channel.id);
      }
    }
    cursor = due.at(-1);
    if (due.length < PAGE) break;
  }
  return report;
}
