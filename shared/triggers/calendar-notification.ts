import type { Runtime } from '../runtime/runtime';
import { AppError } from '../errors';
import { header, type HttpRequest } from '../http/types';
import { CalendarChannelStore, channelTokenMatches } from './calendar-channel-store';
import { syncCalendar } from './calendar-sync';
import { CalendarEventsCache } from '../actions/calendar/events-cache';

// A Calendar push notification: an empty POST whose X-Goog-* headers name the channel.
// https://developers.google.com/workspace/calendar/api/guides/push#receiving-notifications
// It is authentic only if the channel is ours, the token is that channel's (constant-time) and
// the resource is the one the channel watches. Every refusal has the same answer, so a prober
// learns nothing about which check failed. Google retries 5xx with backoff, not 2xx/4xx.

export type CalendarNotifyOutcome = 'sync_acknowledged' | 'synced' | 'reauth_required';

export interface CalendarNotifyResult {
  outcome: CalendarNotifyOutcome;
  mode?: 'incremental' | 'full';
  changes?: number;
}

const refused = () => new AppError('unauthenticated', 'Unknown channel or invalid channel token.');

export async function handleCalendarNotification(runtime: Runtime, req: HttpRequest, requestId: string, signal: AbortSignal): Promise<CalendarNotifyResult> {
  const channelId = header(req, 'x-goog-channel-id') ?? '';
  const channel = await new CalendarChannelStore(runtime.stores.db, () => runtime.clock.now()).get(channelId);
  // The token is compared even for an unknown channel id, so both refusals take the same time.
  const tokenOk = channel ? channelTokenMatches(channel, header(req, 'x-goog-channel-token')) : channelTokenMatches(DUMMY, header(req, 'x-goog-channel-token'));
  if (!channel || !tokenOk || header(req, 'x-goog-resource-id') !== channel.resourceId) throw refused();
  // The first message of every channel: "the channel works", nothing changed yet.
  if (header(req, 'x-goog-resource-state') === 'sync') return { outcome: 'sync_acknowledged' };
  const ctx = runtime.contextFor({ uid: channel.uid, via: 'service' }, requestId, signal);
  // The calendar changed: cached reads of it go first, whatever happens to the sync below.
  await new CalendarEventsCache(runtime.stores.db, () => runtime.clock.now().getTime()).invalidate({
    uid: channel.uid,
    account: channel.account,
    calendarId: channel.calendarId,
  });
  try {
    const result = await syncCalendar(ctx, channel.account, channel.calendarId);
    return { outcome: 'synced', mode: result.mode, changes: result.changes };
  } catch (e) {
    if (!(e instanceof AppError) || (e.code !== 'reauth_required' && e.code !== 'not_connected')) throw e;
    // Acknowledged: Google's retries cannot fix a connection only the user can renew.
    ctx.log.warn('calendar notification skipped: the connection needs the user', { code: e.code });
    return { outcome: 'reauth_required' };
  }
}

const DUMMY = { id: '', uid: '', account: '', calendarId: '', resourceId: '', tokenHash: '0'.repeat(64), expiration: 0 };
