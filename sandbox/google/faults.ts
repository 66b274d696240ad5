// Ready-made Google failures for `fake.inject(...)`, in the exact shapes production sends, so
// tests of retry, backoff and re-auth logic read as intent: inject(googleFaults.rateLimited(...)).
import type { Fault } from '../fake-server';
import { googleErrorBody } from './errors';
import { quotaExceededBody } from './youtube-quota';

type Match = Fault['match'];
type Extra = Pick<Fault, 'times' | 'delayMs'>;

export const googleFaults = {
  /** 403 usageLimits/rateLimitExceeded: Calendar and Gmail signal per-user quota with a 403. */
  rateLimitExceeded: (match: Match, extra: Extra = {}): Fault => ({
    match,
    status: 403,
    body: googleErrorBody(403, 'Rate Limit Exceeded', { domain: 'usageLimits', reason: 'rateLimitExceeded' }),
    ...extra,
  }),
  /** 403 usageLimits/userRateLimitExceeded: one user's per-minute share is used up. */
  userRateLimitExceeded: (match: Match, extra: Extra = {}): Fault => ({
    match,
    status: 403,
    body: googleErrorBody(403, 'User Rate Limit Exceeded', { domain: 'usageLimits', reason: 'userRateLimitExceeded' }),
    ...extra,
  }),
  /** 403 usageLimits/dailyLimitExceeded: the project's daily quota (Calendar, Gmail) is used up. */
  dailyLimitExceeded: (match: Match, extra: Extra = {}): Fault => ({
    match,
    status: 403,
    body: googleErrorBody(403, 'Daily Limit Exceeded', { domain: 'usageLimits', reason: 'dailyLimitExceeded' }),
    ...extra,
  }),
  /** 403 youtube.quota/quotaExceeded, YouTube's answer once the day's units are spent. */
  quotaExceeded: (match: Match, extra: Extra = {}): Fault => ({ match, status: 403, body: quotaExceededBody(), ...extra }),
  /** 429 RESOURCE_EXHAUSTED with Retry-After (seconds). */
  tooManyRequests: (match: Match, retryAfterSec: number, extra: Extra = {}): Fault => ({
    match,
    status: 429,
    headers: { 'retry-after': String(retryAfterSec) },
    body: googleErrorBody(429, 'Too Many Requests', { domain: 'usageLimits', reason: 'rateLimitExceeded' }),
    ...extra,
  }),
  /** 503 backendError, optionally with Retry-After. */
  unavailable: (match: Match, retryAfterSec?: number, extra: Extra = {}): Fault => ({
    match,
    status: 503,
    headers: retryAfterSec === undefined ? undefined : { 'retry-after': String(retryAfterSec) },
    body: googleErrorBody(503, 'The service is currently unavailable.', { reason: 'backendError' }),
    ...extra,
  }),
  /** The token endpoint refusing a refresh (user revoked access, password change…). */
  invalidGrant: (extra: Extra = {}): Fault => ({
    match: { method: 'POST', path: '/token' },
    status: 400,
    body: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' },
    ...extra,
  }),
  /** Connection reset before any response. */
  networkError: (match: Match, extra: Extra = {}): Fault => ({ match, status: 0, ...extra }),
};
