import { AppError } from '../../errors';
import { networkCodeOf, neverSent } from '../network-failure';
import { parseRetryAfter } from '../retry';
import { nextPacificMidnight } from './quota-reset';

// One mapper from Google API failures (gaxios errors carrying Google's JSON error body) to our
// stable codes. Google's own status and reason go in details so a client can act on them.

interface GoogleErrorShape {
  status?: number;
  code?: string | number;
  message?: string;
  response?: { status?: number; headers?: unknown; data?: unknown };
}

// Per-minute limits pass in seconds: worth a retry with backoff. A daily quota is gone until
// midnight Pacific: retrying spends quota (YouTube charges refused calls too) and cannot succeed.
// https://developers.google.com/workspace/calendar/api/guides/errors
// https://developers.google.com/workspace/gmail/api/guides/handle-errors
// https://developers.google.com/youtube/v3/docs/errors
const RATE_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded']);
const DAILY_QUOTA_REASONS = new Set(['quotaExceeded', 'dailyLimitExceeded']);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ECONNABORTED', 'TimeoutError']);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

export function mapGoogleError(e: unknown, now: number = Date.now()): AppError {
  if (e instanceof AppError) return e;
  const err = (e ?? {}) as GoogleErrorShape;
  const status = err.response?.status ?? (typeof err.status === 'number' ? err.status : undefined);
  const body = (err.response?.data ?? {}) as { error?: { message?: string; status?: string; errors?: { reason?: string; domain?: string }[] } | string };
  const detail = typeof body.error === 'object' ? body.error : undefined;
  const reason = detail?.errors?.[0]?.reason ?? (typeof body.error === 'string' ? body.error : undefined);
  const details = { provider: 'google', status, reason, providerMessage: detail?.message };
  const retryAfterSec = parseRetryAfter(headerValue(err.response?.headers, 'retry-after'));
  if (status === undefined) return noAnswer(e, err, details);
  // A token-endpoint call (a refresh, a code exchange) refused for a dead grant answers 400
  // invalid_grant: that is a reconnect, not a bad request.
  if (reason === 'invalid_grant') {
    return new AppError('reauth_required', 'Google access has expired or was revoked; reconnect the account.', { cause: e, details: { ...details, reason } });
  }
  if ((status === 403 || status === 429) && reason && DAILY_QUOTA_REASONS.has(reason)) {
    return dailyQuotaExhausted(e, { ...details, domain: detail?.errors?.[0]?.domain }, now);
  }
  if (status === 429 || (status === 403 && reason && RATE_REASONS.has(reason))) {
    return new AppError('rate_limited', 'Google rate limit reached; try again later.', { cause: e, details, retryAfterSec: retryAfterSec ?? 1 });
  }
  if (status === 400) return new AppError('invalid_input', `Google rejected the request: ${detail?.message ?? 'bad request'}`, { cause: e, details });
  if (status === 401) return new AppError('reauth_required', 'Google no longer accepts this connection; reconnect the account.', { cause: e, details });
  if (status === 403 && reason === 'insufficientPermissions')
    return new AppError('not_connected', 'The connection lacks a permission this action needs; reconnect granting it.', { cause: e, details });
  if (status === 403) return new AppError('forbidden', `Google refused the request: ${detail?.message ?? 'forbidden'}`, { cause: e, details });
  if (status === 404 || status === 410) return new AppError('not_found', 'Google has no such resource.', { cause: e, details });
  if (status === 409 || status === 412) return new AppError('conflict', 'Google reported a conflict.', { cause: e, details });
  if (status === 504) return new AppError('upstream_timeout', 'Google timed out.', { cause: e, details });
  if (status === 500 || status === 502 || status === 503) {
    return new AppError('upstream_unavailable', 'Google is temporarily unavailable.', { cause: e, details, retryAfterSec });
  }
  return new AppError('upstream_error', `Google answered ${status}.`, { cause: e, details });
}

/** Not retryable; says when the quota comes back, for the caller (Retry-After) and the model. */
function dailyQuotaExhausted(e: unknown, details: Record<string, unknown>, now: number): AppError {
  const resetAt = nextPacificMidnight(now);
  const which = details.domain === 'youtube.quota' ? "YouTube's daily quota for this app" : "Google's daily request limit for this app";
  const hours = Math.max(1, Math.round((resetAt - now) / 3_600_000));
  const retryAt = new Date(resetAt).toISOString();
  return new AppError('rate_limited', `${which} is used up; it resets at midnight Pacific Time (${retryAt}, in about ${hours} h). Do not retry before then.`, {
    cause: e,
    retryable: false,
    retryAfterSec: Math.ceil((resetAt - now) / 1000),
    details: { ...details, quota: 'daily', retryAt },
  });
}

/**
 * No HTTP answer. Only a failure to resolve or connect certainly never reached Google; a reset or
 * broken pipe after the request went out leaves the outcome unknown (noEffect stays false).
 */
function noAnswer(e: unknown, err: GoogleErrorShape, details: Record<string, unknown>): AppError {
  const code = networkCodeOf(e) ?? String(err.code ?? '');
  if (TIMEOUT_CODES.has(code) || /timeout/i.test(err.message ?? ''))
    return new AppError('upstream_timeout', 'Google did not answer in time.', { cause: e, details });
  if (NETWORK_CODES.has(code)) return new AppError('upstream_unavailable', 'Google could not be reached.', { cause: e, details, noEffect: neverSent(e) });
  return new AppError('internal', 'Unexpected failure calling Google.', { cause: e });
}

export function headerValue(headers: unknown, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as { get?: unknown }).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const h = headers as Record<string, unknown>;
  const v = h[name] ?? h[name.toLowerCase()];
  return typeof v === 'string' ? v : undefined;
}
