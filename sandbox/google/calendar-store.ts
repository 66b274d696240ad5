// Calendar data: events per account and per calendar id ("primary" is the account's own calendar,
// whose id is its email address). Every write bumps a change counter, which is what sync tokens
// and etags are made from.
import { calendarEtag, newEventId } from './ids';

export interface EventDateTime {
  date?: string;
  dateTime?: string;
  timeZone?: string;
}

export interface CalendarEvent {
  kind: 'calendar#event';
  etag: string;
  id: string;
  status: 'confirmed' | 'tentative' | 'cancelled';
  htmlLink: string;
  created: string;
  updated: string;
  summary?: string;
  description?: string;
  location?: string;
  creator: { email: string; self?: boolean };
  organizer: { email: string; self?: boolean };
  start: EventDateTime;
  end: EventDateTime;
  iCalUID: string;
  sequence: number;
  attendees?: Array<{ email: string; responseStatus: string; displayName?: string; optional?: boolean }>;
  reminders: { useDefault: boolean };
  [extra: string]: unknown;
}

/** What a test seeds: an Event resource in part; start/end may be ISO strings ("YYYY-MM-DD" = all-day). */
export interface SeedEvent {
  id?: string;
  summary?: string;
  description?: string;
  location?: string;
  start: EventDateTime | string;
  end: EventDateTime | string;
  attendees?: Array<string | { email: string; displayName?: string; optional?: boolean }>;
  status?: CalendarEvent['status'];
  [extra: string]: unknown;
}

export interface StoredEvent {
  calendarId: string;
  event: CalendarEvent;
  /** Change counter value at the last write (drives syncToken). */
  version: number;
  /** `sendUpdates` the inserting request asked for, for assertions on notification policy. */
  sendUpdates?: string;
}

export class CalendarStore {
  private readonly byAccount = new Map<string, Map<string, StoredEvent[]>>();
  private version = 0;

  constructor(private readonly now: () => number) {}

  get currentVersion(): number {
    return this.version;
  }

  /** Events of a calendar, or undefined if that calendar does not exist for the account. */
  calendar(email: string, calendarId: string, create = false): StoredEvent[] | undefined {
    const id = this.resolveId(email, calendarId);
    const cals = this.byAccount.get(email.toLowerCase()) ?? new Map<string, StoredEvent[]>();
    this.byAccount.set(email.toLowerCase(), cals);
    if (!cals.has(id) && (create || id === email.toLowerCase())) cals.set(id, []);
    return cals.get(id);
  }

  resolveId(email: string, calendarId: string): string {
    return (calendarId === 'primary' ? email : calendarId).toLowerCase();
  }

  insert(email: string, calendarId: string, input: SeedEvent, sendUpdates?: string): CalendarEvent {
    const events = this.calendar(email, calendarId, true) ?? [];
    const id = this.resolveId(email, calendarId);
    const version = ++this.version;
    const event = buildEvent(email, id, input, new Date(this.now()).toISOString(), version);
    events.push({ calendarId: id, event, version, sendUpdates });
    return event;
  }
}

function buildEvent(email: string, calendarId: string, input: SeedEvent, nowIso: string, version: number): CalendarEvent {
  const { id: givenId, start, end, attendees, status, ...rest } = input;
  const id = givenId ?? newEventId();
  const eid = Buffer.from(`${id} ${calendarId}`).toString('base64url');
  return {
    ...rest,
    kind: 'calendar#event',
    etag: calendarEtag(version),
    id,
    status: status ?? 'confirmed',
    htmlLink: `https://www.google.com/calendar/event?eid=${eid}`,
    created: nowIso,
    updated: nowIso,
    creator: { email, self: true },
    organizer: { email: calendarId, self: true },
    start: toDateTime(start),
    end: toDateTime(end),
    iCalUID: `${id}@google.com`,
    sequence: 0,
    ...(attendees ? { attendees: attendees.map(toAttendee) } : {}),
    reminders: { useDefault: true },
  };
}

function toDateTime(v: EventDateTime | string): EventDateTime {
  if (typeof v !== 'string') return { ...v };
  return /^\d{4}-\d{2}-\d{2}$/.test(v) ? { date: v } : { dateTime: v };
}

function toAttendee(a: string | { email: string; displayName?: string; optional?: boolean }) {
  return { ...(typeof a === 'string' ? { email: a } : a), responseStatus: 'needsAction' };
}
