// One error type for the whole backend. Everything throws AppError; only shared/http renders it.
// The codes are part of the public HTTP contract: never rename one.

export const ERROR_STATUS = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  not_connected: 409,
  reauth_required: 409,
  conflict: 409,
  idempotency_in_flight: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  idempotency_mismatch: 422,
  rate_limited: 429,
  internal: 500,
  upstream_error: 502,
  upstream_unavailable: 503,
  // This server lacks configuration the request needs (the message names the variable or secret):
  // an operator must fix it; callers that retry (Pub/Sub, Scheduler) succeed once it is fixed.
  misconfigured: 503,
  upstream_timeout: 504,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

export interface AppErrorOptions {
  status?: number;
  retryable?: boolean;
  details?: Record<string, unknown>;
  cause?: unknown;
  /** Seconds the caller should wait (rate limits); rendered as Retry-After. */
  retryAfterSec?: number;
  /**
   * The failure certainly had no upstream effect: the request never left (refused before sending,
   * DNS or connect failure). A 4xx answer says so by itself; a 5xx or a dropped connection does not.
   */
  noEffect?: boolean;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly retryable: boolean;
  readonly details?: Record<string, unknown>;
  readonly retryAfterSec?: number;
  readonly noEffect: boolean;

  constructor(code: ErrorCode, message: string, opts: AppErrorOptions = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = opts.status ?? ERROR_STATUS[code];
    this.retryable = opts.retryable ?? DEFAULT_RETRYABLE.has(code);
    this.details = opts.details;
    this.retryAfterSec = opts.retryAfterSec;
    this.noEffect = opts.noEffect ?? false;
  }
}

const DEFAULT_RETRYABLE = new Set<ErrorCode>(['rate_limited', 'upstream_unavailable', 'upstream_timeout', 'misconfigured']);

/** A setting the request needs is missing: 503 `misconfigured`, naming it (never its value). */
export function missingConfig(variable: string, why: string): AppError {
  return new AppError('misconfigured', `${variable} is not configured: ${why}`, { details: { variable } });
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** Anything that is not an AppError is a bug or an infrastructure failure: an opaque 500. */
export function toAppError(e: unknown): AppError {
  if (isAppError(e)) return e;
  return new AppError('internal', 'Internal error.', { cause: e });
}

/**
 * The same error, known to have had no upstream effect: for failures before a write was sent
 * (no session, no token, no secret), so an Idempotency-Key may be used again.
 */
export function beforeSending(e: unknown): AppError {
  const err = toAppError(e);
  if (err.noEffect) return err;
  const copy = new AppError(err.code, err.message, {
    status: err.status,
    retryable: err.retryable,
    details: err.details,
    cause: err.cause,
    retryAfterSec: err.retryAfterSec,
    noEffect: true,
  });
  return copy;
}

/**
 * Whether a failure certainly had no upstream effect: a refusal (4xx: nothing was done), or a
 * failure known to precede sending (noEffect). A timeout, a reset, a provider's 5xx or an
 * internal error leave the outcome unknown.
 */
export function hadNoEffect(err: AppError): boolean {
  return err.status < 500 || err.noEffect;
}
