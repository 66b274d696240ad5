import { call, failure, lastDone, reply, type Step } from './sandbox-steps';
import { outputOf, type Turn } from './sandbox-turn';
import { describeTime, resolveWhen, type When } from './sandbox-when';

// Calendar and Gmail journeys. Reads run at once; writes (create_calendar_event, send_email) are
// only ever proposed: the loop turns them into approvals, and the reply after the person's
// decision says what happened.

interface CalendarEvent {
  summary: string;
  start: string;
  end: string;
  all_day: boolean;
  location?: string;
  html_link?: string;
}
interface EventList {
  time_zone?: string;
  events: CalendarEvent[];
}
interface Mail {
  from: string;
  subject: string;
  unread: boolean;
}

export function calendarStep(turn: Turn, days: number): Step {
  const last = lastDone(turn);
  if (!last) return call('list_calendar_events', { days_ahead: days, max_results: 20 });
  if (last.error) return failure(last);
  const list = last.output as EventList;
  const span = days === 1 ? 'the next 24 hours' : `the next ${days} days`;
  return reply(list.events.length ? `In ${span}:\n${eventLines(list)}` : `Nothing in your calendar for ${span}.`);
}

export function inboxStep(turn: Turn, unread: boolean): Step {
  const last = lastDone(turn);
  if (!last) return call('list_recent_emails', { max_results: 5, ...(unread ? { query: 'is:unread' } : {}) });
  if (last.error) return failure(last);
  const mails = (last.output as { messages: Mail[] }).messages;
  return reply(mails.length ? `Your latest ${unread ? 'unread ' : ''}mail:\n${mailLines(mails)}` : 'No mail to show.');
}

/** "What's my day": calendar and inbox read in parallel, then one reply. */
export function dayStep(turn: Turn): Step {
  if (turn.done.length === 0) {
    return {
      calls: [
        { name: 'list_calendar_events', args: { days_ahead: 1, max_results: 20 } },
        { name: 'list_recent_emails', args: { max_results: 5, query: 'is:unread' } },
      ],
    };
  }
  const events = outputOf<EventList>(turn, 'list_calendar_events');
  const mails = outputOf<{ messages: Mail[] }>(turn, 'list_recent_emails')?.messages;
  const parts = [
    events
      ? events.events.length
        ? `Next 24 hours:\n${eventLines(events)}`
        : 'Nothing in your calendar in the next 24 hours.'
      : 'I could not read your calendar.',
    mails ? (mails.length ? `Unread mail (${mails.length}):\n${mailLines(mails)}` : 'No unread mail.') : 'I could not read your inbox.',
  ];
  return reply(parts.join('\n\n'));
}

/** Check the day (and learn the calendar's time zone), then propose the event. */
export function scheduleStep(turn: Turn, summary: string, when: When, attendees: string[], invite: boolean): Step {
  const last = lastDone(turn);
  if (!last) return call('list_calendar_events', { days_ahead: 8, max_results: 50 });
  if (last.error) return failure(last);
  if (last.name === 'list_calendar_events') {
    const list = last.output as EventList;
    const tz = list.time_zone ?? 'UTC';
    const slot = resolveWhen(when, turn.now, tz);
    const clash = list.events.find((e) => !e.all_day && Date.parse(e.start) < Date.parse(slot.end) && Date.parse(e.end) > Date.parse(slot.start));
    const note = clash ? `Heads-up: it overlaps "${clash.summary}" (${describeTime(Date.parse(clash.start), tz)}).` : 'You are free then.';
    const args = {
      summary,
      start: slot.start,
      end: slot.end,
      time_zone: tz,
      ...(attendees.length ? { attendees, send_updates: invite ? 'all' : 'none' } : {}),
    };
    return call('create_calendar_event', args, `${summary}: ${describeTime(Date.parse(slot.start), tz)}–${slot.end.slice(11, 16)} (${tz}). ${note}`);
  }
  const event = (last.output as { event: CalendarEvent }).event;
  return reply(`Added "${event.summary}" to your calendar${event.html_link ? `: ${event.html_link}` : '.'}`);
}

export function emailStep(turn: Turn, to: string[], subject: string | undefined, body: string | undefined): Step {
  const last = lastDone(turn);
  if (!last) {
    if (!body) return reply(`What should the email to ${to.join(', ')} say? For example: "email ${to[0]} about Friday: can we start at 10?"`);
    // A body that is markup goes out as HTML with a text version beside it (the console shows both).
    if (MARKUP.test(body)) {
      const args = { to, subject: 'A note from your assistant', text: markupToText(body), html: body };
      return call('send_email', args, `Drafted an HTML email to ${to.join(', ')}, subject "${args.subject}".`);
    }
    return call('send_email', { to, subject: subject ?? 'A note', text: body }, `Drafted an email to ${to.join(', ')}, subject "${subject ?? 'A note'}".`);
  }
  if (last.error) return failure(last);
  return reply(`Sent to ${to.join(', ')} (message ${(last.output as { id: string }).id}).`);
}

const MARKUP = /<[a-z][^>]*>/i;

function markupToText(html: string): string {
  const text = html
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text || 'See the HTML version.';
}

function eventLines(list: EventList): string {
  const tz = list.time_zone ?? 'UTC';
  return list.events
    .map((e) => `- ${e.all_day ? `${e.start} (all day)` : describeTime(Date.parse(e.start), tz)}: ${e.summary}${e.location ? ` @ ${e.location}` : ''}`)
    .join('\n');
}

function mailLines(mails: Mail[]): string {
  return mails.map((m) => `- ${m.unread ? '● ' : ''}${m.from.replace(/\s*<[^>]+>/, '')}: ${m.subject}`).join('\n');
}
