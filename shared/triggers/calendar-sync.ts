import { z } from 'zod';
import type { calendar_v3 } from '@googleapis/calendar';
import type { ActionContext } from '../runtime/context';
import { AppError } from '../errors';
import { CALENDAR_EVENTS_READONLY } from '../connections/scopes';
import { retryRead } from '../providers/retry';
import { mapGoogleError } from '../providers/google/google-errors';
import { CalendarSyncStore, type CalendarChange } from './calendar-sync-store';

// Incremental Calendar sync: events.list with the stored syncToken returns what changed since
// (deletions included); 410 means the token expired and a full sync must start over.
// https://developers.google.com/workspace/calendar/api/guides/sync
// Bounded by pages so one notification finishes in time; a sync cut short keeps the old token
// and the next notification reads the rest again (reads are idempotent).

const MAX_PAGES = 8;

const EventItem = z.looseObject({
  id: z.string(),
  status: z.string().default('confirmed'),
  summary: z.string().optional(),
  updated: z.string().default(''),
  start: z.looseObject({ date: z.string().optional(), dateTime: z.string().optional() }).optional(),
});
const EventsPage = z.looseObject({ items: z.array(EventItem).default([]), nextPageToken: z.string().optional(), nextSyncToken: z.string().optional() });

export interface CalendarSyncResult {
  mode: 'incremental' | 'full';
  changes: number;
  complete: boolean;
}

type Api = calendar_v3.Calendar;

export async function syncCalendar(ctx: ActionContext, account: string, calendarId: string): Promise<CalendarSyncResult> {
  const session = await ctx.clients.google([CALENDAR_EVENTS_READONLY], account);
  const { calendar } = await import('@googleapis/calendar');
  const api = calendar({ version: 'v3', auth: session.auth, ...session.apiOptions });
  const store = new CalendarSyncStore(ctx.stores.db, () => ctx.clock.now());
  const token = await store.syncToken(ctx.user.uid, account, calendarId);
  const incremental = token ? await listAll(ctx, api, calendarId, token).catch(fullSyncNeeded) : undefined;
  const mode = incremental ? 'incremental' : 'full';
  const result = incremental ?? (await listAll(ctx, api, calendarId, undefined));
  if (result.syncToken) await store.saveSyncToken(ctx.user.uid, account, calendarId, result.syncToken);
  // After the first sync there is nothing to report; after a lost token anything may have changed.
  if (token) await store.recordChanges(ctx.user.uid, account, calendarId, result.changes, mode === 'full');
  return { mode, changes: result.changes.length, complete: Boolean(result.syncToken) };
}

/** 410 Gone: the sync token is invalid; anything else is a real failure. */
function fullSyncNeeded(e: unknown): undefined {
  if (e instanceof AppError && e.details?.status === 410) return undefined;
  throw e;
}

async function listAll(
  ctx: ActionContext,
  api: Api,
  calendarId: string,
  syncToken: string | undefined,
): Promise<{ changes: CalendarChange[]; syncToken?: string }> {
  const changes: CalendarChange[] = [];
  let pageToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    // https://developers.google.com/workspace/calendar/api/v3/reference/events/list — a sync
    // request may carry no time filters; the full sync takes none either so its token covers all.
    const res = await retryRead(
      () => api.events.list({ calendarId, syncToken, pageToken, maxResults: 250, showDeleted: syncToken ? undefined : false }, { signal: ctx.signal }),
      mapGoogleError,
      undefined,
      { signal: ctx.signal },
    );
    const body = EventsPage.parse(res.data);
    changes.push(...body.items.map(toChange));
    if (body.nextSyncToken) return { changes, syncToken: body.nextSyncToken };
    pageToken = body.nextPageToken;
    if (!pageToken) break;
  }
  return { changes };
}

function toChange(e: z.infer<typeof EventItem>): CalendarChange {
  return { id: e.id, summary: e.summary ?? '(no title)', status: e.status, start: e.start?.dateTime ?? e.start?.date ?? '', updated: e.updated };
}
