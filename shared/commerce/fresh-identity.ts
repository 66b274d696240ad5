import type { Caller } from '../auth/identity';
import { AppError } from '../errors';

// Money moves only on a recent sign-in. A Firebase ID token lives an hour and is refreshed
// silently for weeks; auth_time is when the user last actually proved who they are. Requiring it
// to be recent (step-up, as in RFC 9470's max_age) means a token lifted from a device, or an
// assistant acting on a stale session, cannot approve a purchase. In dev mode auth_time is now.

export const FRESH_AUTH_MAX_AGE_SEC = 5 * 60;

export function requireFreshIdentity(user: Caller, now: Date, maxAgeSec = FRESH_AUTH_MAX_AGE_SEC): void {
  const authTime = user.authTime;
  const ageSec = authTime === undefined ? Infinity : now.getTime() / 1000 - authTime;
  if (ageSec <= maxAgeSec) return;
  throw new AppError('unauthenticated', `This needs a recent sign-in (within ${maxAgeSec / 60} minutes). Sign in again, then retry.`, {
    details: { code: 'RECENT_LOGIN_REQUIRED', max_age_sec: maxAgeSec },
  });
}
