import type { ActionContext } from '../runtime/context';
import { listCalendarEvents } from '../actions/calendar/list-calendar-events';
import { listRecentEmails } from '../actions/gmail/list-recent-emails';
import { sortMessages } from '../actions/gmail/mail-sort';
import type { SortableMessage } from '../actions/gmail/mail-sort-prompt';
import { CalendarSyncStore } from '../triggers/calendar-sync-store';
import { GmailWatchStore } from '../triggers/gmail-watch-store';
import { InboxEventsStore } from '../triggers/inbox-events';
import type { DigestContent } from './content';
import { localDayBounds } from './local-time';

// The Google sections. They reuse the actions' own definitions (input parsing, provider call,
// response parsing), so the digest reads exactly what the assistant would.

type CalendarSection = Exclude<DigestContent['calendar'], undefined | { unavailable: string }>;
type EmailSection = Exclude<DigestContent['email'], undefined | { unavailable: string }>;

const TOP_MESSAGES = 5;

/** Today's events (the local day in the user's zone) and calendar changes since `since`. */
export async function calendarSection(ctx: ActionContext, localDate: string, timeZone: string, since: string, account?: string): Promise<CalendarSection> {
  const { start, end } = localDayBounds(localDate, timeZone);
  const input = listCalendarEvents.input.parse({ time_min: new Date(start).toISOString(), time_max: new Date(end).toISOString(), max_results: 25, account });
  const listed = await listCalendarEvents.run(input, ctx);
  const markers = await new CalendarSyncStore(ctx.stores.db, () => ctx.clock.now()).changesSince(ctx.user.uid, since);
  const changes = markers.flatMap((m) => m.recent.filter((c) => c.updated >= since)).slice(0, 10);
  return {
    events: listed.events.map((e) => ({ start: e.start, allDay: e.all_day, summary: e.summary, location: e.location })),
    changes: changes.map((c) => ({ summary: c.summary, status: c.status, start: c.start })),
    fullResync: markers.some((m) => m.fullResync),
  };
}

/**
 * New mail since `since`: from what gmail-push recorded when the mailbox is watched, otherwise
 * (no watch yet) the latest unread INBOX messages read live.
 */
export async function emailSection(ctx: ActionContext, since: string, senderEmail: string): Promise<EmailSection> {
  const watching = await new GmailWatchStore(ctx.stores.db, () => ctx.clock.now()).forMailbox(senderEmail);
  const watch = watching.find((w) => w.uid === ctx.user.uid);
  if (watch?.status === 'active') {
    const events = await new InboxEventsStore(ctx.stores.db, () => ctx.clock.now()).since(ctx.user.uid, since, 200);
    const unread = events.filter((e) => e.unread);
    return {
      newCount: events.length,
      unreadCount: unread.length,
      ...(await sorted(
        ctx,
        unread.slice(0, TOP_MESSAGES).map((e) => ({ id: e.messageId, from: e.from, subject: e.subject, snippet: e.snippet })),
      )),
    };
  }
  const input = listRecentEmails.input.parse({ query: 'is:unread newer_than:1d', max_results: TOP_MESSAGES, account: senderEmail });
  const listed = await listRecentEmails.run(input, ctx);
  return {
    newCount: listed.messages.length,
    unreadCount: listed.messages.length,
    ...(await sorted(ctx, listed.messages)),
  };
}

/** The top messages with their categories (mail-sort.ts); a deployment without a model says nothing about it. */
async function sorted(ctx: ActionContext, messages: readonly SortableMessage[]): Promise<Pick<EmailSection, 'top' | 'sortNotice'>> {
  const outcome = await sortMessages(ctx, messages).catch((e: unknown) => {
    // Sorting is an extra: the mail itself is still worth sending.
    ctx.log.warn('digest mail sorting skipped', { err: e });
    return { categories: new Map<string, string>(), notice: undefined, reason: undefined };
  });
  const top = messages.map((m) => {
    const category = outcome.categories.get(m.id);
    return { from: m.from, subject: m.subject, snippet: m.snippet, ...(category ? { category } : {}) };
  });
  return outcome.notice && outcome.reason !== 'not_configured' ? { top, sortNotice: outcome.notice } : { top };
}
