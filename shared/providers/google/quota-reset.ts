import { offsetAt } from '../../wall-clock';

// Google's daily quotas (YouTube Data API units, the Gmail and Calendar daily limits) start
// again at midnight Pacific Time, whatever the caller's zone.
// https://developers.google.com/youtube/v3/getting-started#quota
// https://cloud.google.com/docs/quotas/overview (per-day quotas reset at midnight Pacific Time)
const PACIFIC = 'America/Los_Angeles';
const DAY_MS = 86_400_000;

/** The next midnight in Pacific Time after `now` (epoch ms). */
export function nextPacificMidnight(now: number): number {
  const localNow = now + offsetAt(now, PACIFIC);
  const localMidnight = Math.floor(localNow / DAY_MS) * DAY_MS + DAY_MS;
  // The offset at midnight may differ from now's (a DST change during the night).
  const guess = localMidnight - offsetAt(now, PACIFIC);
  return localMidnight - offsetAt(guess, PACIFIC);
}
