import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { ActionContext } from '../runtime/context';
import { CALENDAR_EVENTS_READONLY } from '../connections/scopes';
import { mapGoogleError } from '../providers/google/google-errors';
import { CalendarChannelStore, hashChannelToken, newChannelId, type CalendarChannel } from './calendar-channel-store';
import { syncCalendar } from './calendar-sync';

// Calendar push channels: events.watch makes Google POST to calendar-notify whenever the
// calendar changes. Channels expire (we ask for 7 days); calendar-channel-renew (daily) opens a
// new channel for each one expiring within RENEW_AHEAD_MS and then stops the old one, so there is
// never a gap. https://developers.google.com/workspace/calendar/api/guides/push

const CHANNEL_TTL_SEC = 7 * 24 * 60 * 60;
export const RENEW_AHEAD_MS = 36 * 60 * 60 * 1000;

const WatchResponse = z.looseObject({ id: z.string(), resourceId: z.string(), expiration: z.coerce.number().optional() });

export function channelStore(ctx: Pick<ActionContext, 'stores' | 'clock'>): CalendarChannelStore {
  return new CalendarChannelStore(ctx.stores.db, () => ctx.clock.now());
}

async function calendarApi(ctx: ActionContext, account?: string) {
  const session = await ctx.clients.google([CALENDAR_EVENTS_READONLY], account);
  const { calendar } = await import('@googleapis/calendar');
  return { session, api: calendar({ version: 'v3', auth: session.auth, ...session.apiOptions }) };
}

/**
 * Opens a push channel on the caller's calendar (default: the primary calendar of their default
 * Google account) and takes the first sync token. Call after a Google connection with calendar
 * scope is saved. Returns undefined when PUBLIC_BASE_URL is unset (no address to push to).
 */
export async function startCalendarWatch(ctx: ActionContext, account?: string, calendarId = 'primary'): Promise<CalendarChannel | undefined> {
  const base = ctx.config.publicBaseUrl;
  if (!base) return undefined;
  const { session, api } = await calendarApi(ctx, account);
  const token = randomBytes(32).toString('base64url');
  const id = newChannelId(ctx.clock.now().getTime() + CHANNEL_TTL_SEC * 1000);
  // https://developers.google.com/workspace/calendar/api/v3/reference/events/watch — not retried:
  // a lost answer would leave an unknown channel; the daily renewal tries again.
  const res = await api.events
    .watch(
      {
        calendarId,
        requestBody: { id, type: 'web_hook', address: `${base.replace(/\/+$/, '')}/calendar-notify`, token, params: { ttl: String(CHANNEL_TTL_SEC) } },
      },
      { signal: ctx.signal },
    )
    .catch((e: unknown) => {
      throw mapGoogleError(e);
    });
  const watched = WatchResponse.parse(res.data);
  const email = session.account.email;
  const expiration = watched.expiration ?? ctx.clock.now().getTime() + CHANNEL_TTL_SEC * 1000;
  const channel: CalendarChannel = {
    id,
    uid: ctx.user.uid,
    account: email,
    calendarId,
    resourceId: watched.resourceId,
    tokenHash: hashChannelToken(token),
    expiration,
  };
  await channelStore(ctx).save(channel);
  // The first sync token, so the first notification is already incremental.
  await syncCalendar(ctx, email, calendarId);
  return channel;
}

/** Stops a channel at Google and forgets it. A channel Google no longer knows is just forgotten. */
export async function stopCalendarChannel(ctx: ActionContext, channel: CalendarChannel): Promise<void> {
  const { api } = await calendarApi(ctx, channel.account);
  // https://developers.google.com/workspace/calendar/api/v3/reference/channels/stop
  await api.channels.stop({ requestBody: { id: channel.id, resourceId: channel.resourceId } }, { signal: ctx.signal }).catch((e: unknown) => {
    const err = mapGoogleError(e);
    if (err.code !== 'not_found') throw err;
  });
  await channelStore(ctx).delete(channel.id);
}
