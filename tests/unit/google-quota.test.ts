import { describe, expect, it } from 'vitest';
import { mapGoogleError } from '../../shared/providers/google/google-errors';
import { nextPacificMidnight } from '../../shared/providers/google/quota-reset';
import { retryRead } from '../../shared/providers/retry';

// Google's daily quotas come back at midnight Pacific Time; per-minute limits in seconds. The
// mapper tells them apart so the read retry never spends quota on a day that is over.

const quota = (status: number, reason: string, domain: string) => ({
  response: { status, headers: {}, data: { error: { code: status, message: 'm', errors: [{ reason, domain }] } } },
});

describe('nextPacificMidnight', () => {
  it.each([
    ['2026-06-15T12:00:00Z', '2026-06-16T07:00:00.000Z'], // PDT (UTC−7)
    ['2026-01-10T07:59:59Z', '2026-01-10T08:00:00.000Z'], // 23:59:59 PST, one second before
    ['2026-01-10T08:00:00Z', '2026-01-11T08:00:00.000Z'], // exactly midnight PST: the next one
    ['2026-03-08T09:00:00Z', '2026-03-09T07:00:00.000Z'], // the spring-forward day (01:00 PST)
    ['2026-10-31T12:00:00Z', '2026-11-01T07:00:00.000Z'], // the night before fall back is still PDT
    ['2026-11-01T12:00:00Z', '2026-11-02T08:00:00.000Z'], // after fall back: PST
  ])('%s → %s', (now, expected) => {
    expect(new Date(nextPacificMidnight(Date.parse(now))).toISOString()).toBe(expected);
  });
});

describe('daily quota vs per-minute limits', () => {
  const now = Date.parse('2026-06-15T12:00:00Z');

  it.each([
    [403, 'quotaExceeded', 'youtube.quota', /YouTube's daily quota/],
    [403, 'dailyLimitExceeded', 'usageLimits', /daily request limit/],
  ])('%s %s: rate_limited, not retryable, Retry-After until midnight Pacific', (status, reason, domain, message) => {
    const e = mapGoogleError(quota(status, reason, domain), now);
    expect(e.code).toBe('rate_limited');
    expect(e.retryable).toBe(false);
    expect(e.retryAfterSec).toBe(19 * 3600);
    expect(e.details).toMatchObject({ reason, domain, quota: 'daily', retryAt: '2026-06-16T07:00:00.000Z' });
    expect(e.message).toMatch(message);
    expect(e.message).toContain('2026-06-16T07:00:00.000Z');
  });

  it.each(['rateLimitExceeded', 'userRateLimitExceeded'])('403 %s stays a retryable per-minute limit', (reason) => {
    const e = mapGoogleError(quota(403, reason, 'usageLimits'), now);
    expect(e).toMatchObject({ code: 'rate_limited', retryable: true, retryAfterSec: 1 });
    expect(e.details?.quota).toBeUndefined();
  });

  it('retryRead makes exactly one call for a daily quota, several for a per-minute limit', async () => {
    const run = async (reason: string) => {
      let calls = 0;
      const op = async () => {
        calls += 1;
        throw quota(403, reason, 'usageLimits');
      };
      await retryRead(op, mapGoogleError, undefined, { sleep: async () => undefined, random: () => 0 }).catch(() => undefined);
      return calls;
    };
    expect(await run('dailyLimitExceeded')).toBe(1);
    expect(await run('rateLimitExceeded')).toBe(4);
  });
});
