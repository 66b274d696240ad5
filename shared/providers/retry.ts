import { AppError, isAppError } from '../errors';

// Reads are retried on rate limits, 5xx and timeouts with capped exponential backoff and full
// jitter, honouring the upstream's own wait (Retry-After, X's x-rate-limit-reset) — but only
// within a deadline: if the wait would overrun it, the error is returned at once with its
// Retry-After so the caller can decide. Writes never come through here (no blind retries).

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  deadlineMs: number;
}

export const DEFAULT_READ_RETRY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 200, maxDelayMs: 5_000, deadlineMs: 20_000 };

export interface RetryDeps {
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  now?: () => number;
  signal?: AbortSignal;
}

export async function retryRead<T>(
  op: () => Promise<T>,
  mapError: (e: unknown) => AppError,
  policy: RetryPolicy = DEFAULT_READ_RETRY,
  deps: RetryDeps = {},
): Promise<T> {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? abortableSleep;
  const random = deps.random ?? Math.random;
  const deadline = now() + policy.deadlineMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await op();
    } catch (e) {
      const err = isAppError(e) ? e : mapError(e);
      if (!err.retryable || attempt >= policy.maxAttempts || deps.signal?.aborted) throw err;
      const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1)) * random();
      const wait = Math.max(backoff, (err.retryAfterSec ?? 0) * 1000);
      if (now() + wait > deadline) throw err;
      await sleep(wait, deps.signal);
    }
  }
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort() {
      clearTimeout(timer);
      reject(new AppError('upstream_timeout', 'The request was cancelled before the upstream answered.'));
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, (date - now) / 1000) : undefined;
}
