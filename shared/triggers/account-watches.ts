import type { ActionContext } from '../runtime/context';
import { AppError } from '../errors';
import { CALENDAR_EVENTS_READONLY, GMAIL_READONLY, missingScopes } from '../connections/scopes';
import { startGmailWatch, stopGmailWatch } from './gmail-watch';
import { channelStore, startCalendarWatch, stopCalendarChannel } from './calendar-watch';

// What the OAuth flow calls around a Google connection: after it is saved, start the pushes its
// scopes allow (Gmail watch, Calendar channel on the primary calendar); before it is deleted,
// stop them. Push is a convenience, so a failure here is logged and reported, never thrown: a
// connection must not fail because a watch could not be set (a reconnect tries again).

export interface WatchStatus {
  gmail: 'watching' | 'not_configured' | 'no_scope' | 'failed';
  calendar: 'watching' | 'not_configured' | 'no_scope' | 'failed';
}

export async function watchGoogleAccount(ctx: ActionContext, account: string, grantedScopes: readonly string[]): Promise<WatchStatus> {
  const attempt = async (scope: string, start: () => Promise<unknown>): Promise<WatchStatus['gmail']> => {
    if (missingScopes(grantedScopes, [scope]).length > 0) return 'no_scope';
    try {
      return (await start()) === undefined ? 'not_configured' : 'watching';
    } catch (e) {
      ctx.log.warn('could not start a Google push watch', { scope, code: e instanceof AppError ? e.code : 'internal', err: e });
      return 'failed';
    }
  };
  // Independent of each other (each failure is its own): started together.
  const [gmail, calendar] = await Promise.all([
    attempt(GMAIL_READONLY, () => startGmailWatch(ctx, account)),
    attempt(CALENDAR_EVENTS_READONLY, () => startCalendarWatch(ctx, account)),
  ]);
  return { gmail, calendar };
}

export async function unwatchGoogleAccount(ctx: ActionContext, account: string): Promise<void> {
  const stops: Promise<unknown>[] = [stopGmailWatch(ctx, account)];
  for (const channel of await channelStore(ctx).forAccount(ctx.user.uid, account)) stops.push(stopCalendarChannel(ctx, channel));
  for (const r of await Promise.allSettled(stops)) {
    if (r.status === 'rejected') ctx.log.warn('could not stop a Google push watch', { err: r.reason });
  }
}

/**
 * The connect/disconnect hooks for the OAuth flow: Google connections get their pushes started
 * after consent and stopped before disconnect, run as the user with a bounded deadline.
 */
export function googleWatchHooks(contextFor: (uid: string) => ActionContext): {
  afterConnect: (uid: string, c: { provider: string; account: string; scopes: string[] }) => Promise<void>;
  beforeDisconnect: (uid: string, c: { provider: string; account: string }) => Promise<void>;
} {
  return {
    async afterConnect(uid, c) {
      if (c.provider === 'google') await watchGoogleAccount(contextFor(uid), c.account, c.scopes).catch(() => undefined);
    },
    async beforeDisconnect(uid, c) {
      if (c.provider === 'google') await unwatchGoogleAccount(contextFor(uid), c.account).catch(() => undefined);
    },
  };
}
