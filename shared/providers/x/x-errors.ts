import { AppError } from '../../errors';
import { neverSent } from '../network-failure';

// X (twitter-api-v2) failures → our codes. A 429 carries x-rate-limit-reset (epoch seconds),
// which becomes Retry-After. X's own title/detail go in details.

interface XErrorShape {
  code?: number | string;
  message?: string;
  error?: boolean;
  type?: string; // 'request' | 'response' | 'partial-response'
  rateLimit?: { reset?: number };
  data?: { title?: string; detail?: string; status?: number; type?: string; errors?: unknown };
}

export function mapXError(e: unknown, now: number = Date.now()): AppError {
  if (e instanceof AppError) return e;
  const err = (e ?? {}) as XErrorShape;
  const status = typeof err.code === 'number' ? err.code : undefined;
  const details = { provider: 'x', status, title: err.data?.title, providerMessage: err.data?.detail };
  if (err.type === 'request' || status === undefined) {
    const timeout = /timeout|ETIMEDOUT|aborted/i.test(err.message ?? '');
    return timeout
      ? new AppError('upstream_timeout', 'X did not answer in time.', { cause: e, details })
      : new AppError('upstream_unavailable', 'X could not be reached.', { cause: e, details, noEffect: neverSent(e) });
  }
  if (status === 429) {
    const reset = err.rateLimit?.reset;
    const retryAfterSec = reset ? Math.max(1, reset - Math.floor(now / 1000)) : 60;
    return new AppError('rate_limited', 'X rate limit reached; try again later.', { cause: e, details, retryAfterSec });
  }
  if (status === 400) return new AppError('invalid_input', `X rejected the request: ${err.data?.detail ?? 'bad request'}`, { cause: e, details });
  if (status === 401) return new AppError('reauth_required', 'X no longer accepts this connection; reconnect the account.', { cause: e, details });
  if (status === 403) return new AppError('forbidden', `X refused the request: ${err.data?.detail ?? 'forbidden'}`, { cause: e, details });
  if (status === 404) return new AppError('not_found', 'X has no such resource.', { cause: e, details });
  if (status === 409) return new AppError('conflict', 'X reported a conflict.', { cause: e, details });
  if (status === 504) return new AppError('upstream_timeout', 'X timed out.', { cause: e, details });
  if (status >= 500) return new AppError('upstream_unavailable', 'X is temporarily unavailable.', { cause: e, details });
  return new AppError('upstream_error', `X answered ${status}.`, { cause: e, details });
}
