// A small, deterministic Google world for the local dev sandbox and for tests that just need
// "some" data: a week of calendar (one-off, all-day and recurring events, in the account's own
// time zone) and a varied inbox. Times are relative to `now`: the same clock yields the same data,
// and there is always something in the next 24 hours, in the next 7 days and in the inbox.
import type { CalendarEvent, SeedEvent } from './calendar-store';
import { formatOffset, localToEpoch, zoneOffsetMinutes } from './calendar-time';
import type { GoogleFake, SeededAccount } from './google-fake';
import type { StoredMessage } from './gmail-store';
import { sandboxInbox } from './sandbox-inbox';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The sandbox person lives in São Paulo (UTC−03:00, no daylight saving), so times are visibly local. */
export const SANDBOX_TIME_ZONE = 'America/Sao_Paulo';

export interface SandboxSeed {
  account: SeededAccount | undefined;
  events: CalendarEvent[];
  messages: StoredMessage[];
}

/** Seeds `email` (adding the account if needed) and returns what was created. */
export function seedGoogleSandbox(g: GoogleFake, email: string, now: number = Date.now()): SandboxSeed {
  const account = g.account(email) ? undefined : g.addAccount({ email, name: 'Sandbox User', timeZone: SANDBOX_TIME_ZONE });
  const tz = g.account(email)?.timeZone ?? SANDBOX_TIME_ZONE;
  const events = g.seedEvents(email, 'primary', sandboxEvents(now, tz));
  const messages = g.seedMessages(email, sandboxInbox(now));
  return { account, events, messages };
}

function sandboxEvents(now: number, tz: string): SeedEvent[] {
  const local = localClock(now, tz);
  // Soon: on the next whole hours, whatever the time of day, so "what's my day" has an answer.
  const soon = Math.ceil(now / HOUR) * HOUR;
  const at = (ms: number) => ({ dateTime: local.format(ms), timeZone: tz });
  const weekday = local.nextWeekday(1);
  return [
    {
      summary: 'Team standup',
      description: 'Daily sync. Video call link in the invite.',
      start: local.at(weekday, 9),
      end: local.at(weekday, 9, 15),
      recurrence: ['RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR'],
    },
    { summary: 'Design review: onboarding flow', start: at(soon + HOUR), end: at(soon + 2 * HOUR), attendees: ['ana@example.com', 'bruno@example.com'] },
    { summary: 'Call with the accountant', start: at(soon + 4 * HOUR), end: at(soon + 4.5 * HOUR), location: 'Phone: +55 11 5555-0100' },
    {
      summary: 'Quarterly planning review',
      start: local.at(2, 15),
      end: local.at(2, 16, 30),
      attendees: ['ana@example.com', { email: 'bruno@example.com', optional: true }],
    },
    { summary: 'Lunch with Ana', start: local.at(3, 12, 30), end: local.at(3, 13, 30), location: 'Café Central' },
    { summary: 'Dentist appointment', start: local.at(4, 8), end: local.at(4, 9), location: '12 Harbour Street' },
    { summary: 'Conference trip', start: local.date(5), end: local.date(7), description: 'Two days, hotel booked.' },
    {
      summary: 'Weekly 1:1 with Bruno',
      start: local.at(local.nextWeekday(1, 4), 16),
      end: local.at(local.nextWeekday(1, 4), 16, 30),
      recurrence: ['RRULE:FREQ=WEEKLY;BYDAY=TH'],
    },
  ];
}

/** Wall-clock helpers in `tz`: day offsets count from today's local date. */
function localClock(now: number, tz: string) {
  const today = new Date(now + zoneOffsetMinutes(now, tz) * 60_000).toISOString().slice(0, 10);
  const dayOf = (days: number) => new Date(Date.parse(`${today}T00:00:00Z`) + days * DAY);
  const pad = (n: number) => String(n).padStart(2, '0');
  const format = (ms: number) => `${new Date(ms + zoneOffsetMinutes(ms, tz) * 60_000).toISOString().slice(0, 19)}${formatOffset(zoneOffsetMinutes(ms, tz))}`;
  return {
    format,
    date: (days: number) => dayOf(days).toISOString().slice(0, 10),
    at: (days: number, hour: number, minute = 0) => {
      const ms = localToEpoch(`${dayOf(days).toISOString().slice(0, 10)}T${pad(hour)}:${pad(minute)}:00`, tz);
      return { dateTime: format(ms), timeZone: tz };
    },
    /** Days from today to the first day ≥ `from` days ahead that is `weekday` (1–5 = Mon–Fri; default any weekday). */
    nextWeekday: (from: number, weekday?: number) => {
      for (let d = from; ; d++) {
        const wd = dayOf(d).getUTCDay();
        if (weekday === undefined ? wd >= 1 && wd <= 5 : wd === weekday) return d;
      }
    },
  };
}
