import { describe, expect, it, vi } from 'vitest';
import { AppError, beforeSending } from '../../shared/errors';
import { failureHadNoEffect } from '../../shared/http/idempotency-key';
import { mapNetworkError } from '../../shared/providers/cartpilot/errors';
import { mapGoogleError } from '../../shared/providers/google/google-errors';
import { mapXError } from '../../shared/providers/x/x-errors';
import { parseRetryAfter, retryRead } from '../../shared/providers/retry';

const gerr = (status: number, reason?: string, headers: Record<string, string> = {}) => ({
  response: { status, headers, data: { error: { code: status, message: 'm', errors: reason ? [{ reason }] : [] } } },
});

describe('mapGoogleError', () => {
  it.each([
    [gerr(400, 'invalid'), 'invalid_input', 400],
    [gerr(401, 'authError'), 'reauth_required', 409],
    [gerr(403, 'rateLimitExceeded'), 'rate_limited', 429],
    [gerr(403, 'userRateLimitExceeded'), 'rate_limited', 429],
    [gerr(403, 'insufficientPermissions'), 'not_connected', 409],
    [gerr(403, 'forbidden'), 'forbidden', 403],
    [gerr(404), 'not_found', 404],
    [gerr(409, 'duplicate'), 'conflict', 409],
    [gerr(429), 'rate_limited', 429],
    [gerr(500), 'upstream_unavailable', 503],
    [gerr(503), 'upstream_unavailable', 503],
    [gerr(504), 'upstream_timeout', 504],
    [gerr(418), 'upstream_error', 502],
    [{ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' }, 'upstream_unavailable', 503],
    [{ response: { status: 400, data: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' } } }, 'reauth_required', 409],
    [{ code: 'ETIMEDOUT', message: 'timeout' }, 'upstream_timeout', 504],
  ])('%# → %s', (input, code, status) => {
    const e = mapGoogleError(input);
    expect(e.code).toBe(code);
    expect(e.status).toBe(status);
  });

  it('keeps the provider reason in details and honours Retry-After', () => {
    const e = mapGoogleError(gerr(429, 'rateLimitExceeded', { 'retry-after': '7' }));
    expect(e.details).toMatchObject({ provider: 'google', status: 429, reason: 'rateLimitExceeded' });
    expect(e.retryAfterSec).toBe(7);
  });
});

describe('mapXError', () => {
  it('429 → rate_limited with Retry-After from x-rate-limit-reset', () => {
    const now = 1_700_000_000_000;
    const e = mapXError({ code: 429, type: 'response', rateLimit: { reset: now / 1000 + 90 }, data: { title: 'Too Many Requests' } }, now);
    expect(e.code).toBe('rate_limited');
    expect(e.retryAfterSec).toBe(90);
  });
  it.each([
    [{ code: 401, type: 'response', data: {} }, 'reauth_required'],
    [{ code: 403, type: 'response', data: { detail: 'duplicate content' } }, 'forbidden'],
    [{ code: 503, type: 'response', data: {} }, 'upstream_unavailable'],
    [{ type: 'request', message: 'socket hang up' }, 'upstream_unavailable'],
  ])('%# → %s', (input, code) => expect(mapXError(input).code).toBe(code));
});

describe('retryRead', () => {
  const deps = (sleeps: number[]) => ({ sleep: async (ms: number) => void sleeps.push(ms), random: () => 0.5, now: () => 0 });

  it('retries retryable errors with capped exponential backoff and jitter', async () => {
    const sleeps: number[] = [];
    const op = vi.fn().mockRejectedValueOnce(gerr(503)).mockRejectedValueOnce(gerr(503)).mockResolvedValue('ok');
    await expect(retryRead(op, mapGoogleError, { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 150, deadlineMs: 10_000 }, deps(sleeps))).resolves.toBe('ok');
    expect(sleeps).toEqual([50, 75]);
  });

  it('honours Retry-After over the backoff', async () => {
    const sleeps: number[] = [];
    const op = vi
      .fn()
      .mockRejectedValueOnce(gerr(429, undefined, { 'retry-after': '2' }))
      .mockResolvedValue('ok');
    await retryRead(op, mapGoogleError, undefined, deps(sleeps));
    expect(sleeps).toEqual([2000]);
  });

  it('gives up at once when the wait would overrun the deadline', async () => {
    const op = vi.fn().mockRejectedValue(gerr(429, undefined, { 'retry-after': '60' }));
    await expect(retryRead(op, mapGoogleError, { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000, deadlineMs: 5_000 }, deps([]))).rejects.toMatchObject({
      code: 'rate_limited',
      retryAfterSec: 60,
    });
    expect(op).toHaveBeenCalledTimes(1);
  });

  it('never retries a non-retryable error', async () => {
    const op = vi.fn().mockRejectedValue(gerr(400));
    await expect(retryRead(op, mapGoogleError, undefined, deps([]))).rejects.toBeInstanceOf(AppError);
    expect(op).toHaveBeenCalledTimes(1);
  });

  it('stops after maxAttempts', async () => {
    const op = vi.fn().mockRejectedValue(gerr(503));
    await expect(retryRead(op, mapGoogleError, { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1, deadlineMs: 10_000 }, deps([]))).rejects.toMatchObject({
      code: 'upstream_unavailable',
    });
    expect(op).toHaveBeenCalledTimes(3);
  });

  it('parses Retry-After seconds and HTTP dates', () => {
    expect(parseRetryAfter('5')).toBe(5);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});

describe('which failures free an Idempotency-Key (finding 5)', () => {
  // fetch (gaxios 7, our CartPilot client) reports a network failure as TypeError("fetch failed") with the code on its cause.
  const fetchFailed = (code: string) => Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(code), { code }) });

  it.each([
    ['Google: connect refused', mapGoogleError(fetchFailed('ECONNREFUSED')), true],
    ['Google: DNS failure', mapGoogleError({ code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND' }), true],
    ['Google: connection reset', mapGoogleError(fetchFailed('ECONNRESET')), false],
    ['Google: broken pipe', mapGoogleError({ code: 'EPIPE', message: 'write EPIPE' }), false],
    ['Google: socket lost after sending', mapGoogleError(fetchFailed('UND_ERR_SOCKET')), false],
    ['Google: 500', mapGoogleError(gerr(500)), false],
    ['Google: 502', mapGoogleError(gerr(502)), false],
    ['Google: 503', mapGoogleError(gerr(503)), false],
    ['Google: 504', mapGoogleError(gerr(504)), false],
    ['Google: 400 (refused, nothing done)', mapGoogleError(gerr(400, 'invalid')), true],
    ['Google: 429', mapGoogleError(gerr(429)), true],
    ['X: connect refused', mapXError({ type: 'request', message: 'connect ECONNREFUSED', requestError: { code: 'ECONNREFUSED' } }), true],
    ['X: connection reset', mapXError({ type: 'request', message: 'socket hang up', requestError: { code: 'ECONNRESET' } }), false],
    ['X: 500', mapXError({ code: 500, type: 'response', data: {} }), false],
    ['X: 502', mapXError({ code: 502, type: 'response', data: {} }), false],
    ['X: 403', mapXError({ code: 403, type: 'response', data: {} }), true],
    ['CartPilot: connect refused', mapNetworkError(fetchFailed('ECONNREFUSED'), 'POST'), true],
    ['CartPilot: reset mid-request', mapNetworkError(fetchFailed('ECONNRESET'), 'POST'), false],
    ['refused before sending (no session)', beforeSending(new AppError('upstream_unavailable', 'Secret Manager down')), true],
    ['an internal error', new AppError('internal', 'bug'), false],
  ])('%s → key freed: %s', (_name, err, freed) => {
    expect(failureHadNoEffect(err)).toBe(freed);
  });
});
