// Google's daily quotas (YouTube Data API units, the Gmail and Calendar daily limits) start
// again at midnight Pacific Time, whatever the caller's zone.
// https://developers.google.com/youtube/v3/getting-started#quota
// https://cloud.google.com/docs/quotas/overview (per-day quotas reset at midnight Pacific Time)
const PACIFIC = 'America/Los_Angeles';
const DAY_MS = 86_400_000;

const parts = new Intl.DateTimeFormat('en-US', {
  timeZone: PACIFIC,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** Offset of Pacific Time from UTC at `epochMs`, in ms (−8 h or −7 h). */
function pacificOffsetMs(epochMs: number): number {
  const p = Object.fromEntries(parts.formatToParts(epochMs).map((x) => [x.type, Number(x.value)]));
  const asUtc = Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

/** The next midnight in Pacific Time after `now` (epoch ms). */
export function nextPacificMidnight(now: number): number {
  const localNow = now + pacificOffsetMs(now);
  const localMidnight = Math.floor(localNow / DAY_MS) * DAY_MS + DAY_MS;
  // The offset at midnight may differ from now's (a DST change during the night).
  const guess = localMidnight - pacificOffsetMs(now);
  return localMidnight - pacificOffsetMs(guess);
}
