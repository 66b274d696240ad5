// A small, deterministic Google world for the local dev sandbox and for tests that just need
// "some" data: a few events over the next days and a short inbox. Times are relative to `now`
// and pinned to whole UTC hours, so the same clock always yields the same data.
import type { CalendarEvent } from './calendar-store';
import type { GoogleFake, SeededAccount } from './google-fake';
import type { StoredMessage } from './gmail-store';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface SandboxSeed {
  account: SeededAccount | undefined;
  events: CalendarEvent[];
  messages: StoredMessage[];
}

/** Seeds `email` (adding the account if needed) and returns what was created. */
export function seedGoogleSandbox(g: GoogleFake, email: string, now: number = Date.now()): SandboxSeed {
  const account = g.account(email) ? undefined : g.addAccount({ email, name: 'Sandbox User' });
  const midnight = Math.floor(now / DAY) * DAY;
  const at = (days: number, hour: number, minute = 0) => new Date(midnight + days * DAY + hour * HOUR + minute * 60_000).toISOString();
  const date = (days: number) => new Date(midnight + days * DAY).toISOString().slice(0, 10);

  const events = g.seedEvents(email, 'primary', [
    { summary: 'Team standup', start: at(1, 9), end: at(1, 9, 15), description: 'Daily sync. Video call link in the invite.' },
    { summary: 'Lunch with Ana', start: at(1, 12, 30), end: at(1, 13, 30), location: 'Café Central' },
    {
      summary: 'Quarterly planning review',
      start: at(2, 15),
      end: at(2, 16, 30),
      attendees: ['ana@example.com', { email: 'bruno@example.com', optional: true }],
    },
    { summary: 'Dentist appointment', start: at(3, 8), end: at(3, 9), location: '12 Harbour Street' },
    { summary: 'Conference trip', start: date(5), end: date(7), description: 'Two days, hotel booked.' },
  ]);

  const messages = g.seedMessages(email, [
    {
      from: 'Ana Souza <ana@example.com>',
      subject: 'Slides for Thursday',
      body: "Hi! I've attached the draft slides for the planning review. Could you look at the budget section before Thursday?\n\nThanks,\nAna",
      date: now - 2 * HOUR,
    },
    {
      from: 'Acme Billing <billing@acme.example>',
      subject: 'Your invoice #10492 is ready',
      body: 'Your monthly invoice of $42.00 is available. Payment is due in 14 days.',
      date: now - 5 * HOUR,
    },
    {
      from: 'Bruno Lima <bruno@example.com>',
      subject: 'Re: Weekend hike?',
      body: 'Saturday works for me. Meet at the trailhead at 8?',
      date: now - 26 * HOUR,
      unread: false,
    },
    {
      from: 'TechNews Daily <newsletter@technews.example>',
      subject: 'Today in tech: serverless, AI assistants & more',
      body: 'The top stories of the day, curated for you.',
      date: now - 30 * HOUR,
      labelIds: ['INBOX', 'CATEGORY_UPDATES'],
    },
  ]);
  return { account, events, messages };
}
