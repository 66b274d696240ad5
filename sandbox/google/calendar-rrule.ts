// The part of RFC 5545 recurrence that Calendar events carry in `recurrence`: one RRULE
// (FREQ, INTERVAL, COUNT, UNTIL, BYDAY, BYMONTHDAY, WKST) plus EXDATE lines. Rules the fake
// cannot expand (RDATE, EXRULE, BYSETPOS, BYHOUR…) are refused loudly rather than expanded wrong.
// https://developers.google.com/workspace/calendar/api/concepts/events-calendars#recurring_events
// https://datatracker.ietf.org/doc/html/rfc5545#section-3.3.10

export type Freq = 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';

export interface WeekdayRule {
  /** 0 = Sunday … 6 = Saturday (as Date.getUTCDay). */
  day: number;
  /** 1 = first, -1 = last in the month; undefined = every such day. */
  ordinal?: number;
}

export interface Recurrence {
  freq: Freq;
  interval: number;
  count?: number;
  /** UNTIL as written: `YYYYMMDD` or `YYYYMMDDTHHMMSSZ`. */
  until?: string;
  byDay: WeekdayRule[];
  byMonthDay: number[];
  /** Excluded starts: `YYYYMMDD` (all-day) or local `YYYY-MM-DDTHH:MM:SS` / UTC epoch strings. */
  exdates: ExDate[];
}

export type ExDate = { date: string } | { local: string; tz?: string } | { utc: number };

/** Thrown for a rule the fake does not implement (not a client error: the fake is incomplete). */
export class UnsupportedRecurrence extends Error {}
/** Thrown for text that is not a valid rule; the caller answers 400 like Calendar. */
export class InvalidRecurrence extends Error {}

const DAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];
const KNOWN = new Set(['FREQ', 'INTERVAL', 'COUNT', 'UNTIL', 'BYDAY', 'BYMONTHDAY', 'WKST']);

export function parseRecurrence(lines: readonly string[]): Recurrence {
  let rule: Recurrence | undefined;
  const exdates: ExDate[] = [];
  for (const line of lines) {
    const [head = '', value = ''] = splitOnce(line, ':');
    const name = head.split(';')[0]?.toUpperCase();
    if (name === 'RRULE') {
      if (rule) throw new UnsupportedRecurrence('more than one RRULE');
      rule = parseRule(value);
    } else if (name === 'EXDATE') exdates.push(...parseExdates(head, value));
    else if (name === 'RDATE' || name === 'EXRULE') throw new UnsupportedRecurrence(`${name} is not expanded by the fake`);
    else throw new InvalidRecurrence(`Invalid recurrence line: ${line}`);
  }
  if (!rule) throw new InvalidRecurrence('A recurring event needs an RRULE.');
  return { ...rule, exdates };
}

function parseRule(text: string): Recurrence {
  const parts = new Map<string, string>();
  for (const p of text.split(';')) {
    const [k = '', v] = splitOnce(p, '=');
    if (!v) throw new InvalidRecurrence(`Invalid RRULE part: ${p}`);
    if (!KNOWN.has(k.toUpperCase())) throw new UnsupportedRecurrence(`RRULE part ${k} is not expanded by the fake`);
    parts.set(k.toUpperCase(), v.toUpperCase());
  }
  const freq = parts.get('FREQ');
  if (freq !== 'DAILY' && freq !== 'WEEKLY' && freq !== 'MONTHLY' && freq !== 'YEARLY') throw new InvalidRecurrence(`Invalid FREQ: ${freq}`);
  const interval = positiveInt(parts.get('INTERVAL') ?? '1', 'INTERVAL');
  const count = parts.has('COUNT') ? positiveInt(parts.get('COUNT') ?? '', 'COUNT') : undefined;
  const until = parts.get('UNTIL');
  if (until !== undefined && !/^\d{8}(T\d{6}Z?)?$/.test(until)) throw new InvalidRecurrence(`Invalid UNTIL: ${until}`);
  if (count !== undefined && until !== undefined) throw new InvalidRecurrence('COUNT and UNTIL cannot both be set.');
  const byDay = (parts.get('BYDAY')?.split(',') ?? []).map(parseWeekday);
  const byMonthDay = (parts.get('BYMONTHDAY')?.split(',') ?? []).map((d) => {
    const n = Number(d);
    if (!Number.isInteger(n) || n === 0 || Math.abs(n) > 31) throw new InvalidRecurrence(`Invalid BYMONTHDAY: ${d}`);
    return n;
  });
  return { freq, interval, count, until, byDay, byMonthDay, exdates: [] };
}

function parseWeekday(text: string): WeekdayRule {
  const m = /^([+-]?\d{1,2})?(SU|MO|TU|WE|TH|FR|SA)$/.exec(text);
  if (!m?.[2]) throw new InvalidRecurrence(`Invalid BYDAY: ${text}`);
  return { day: DAYS.indexOf(m[2]), ordinal: m[1] === undefined ? undefined : Number(m[1]) };
}

function parseExdates(head: string, value: string): ExDate[] {
  const params = head.toUpperCase().split(';').slice(1);
  const tz = head
    .split(';')
    .find((p) => p.toUpperCase().startsWith('TZID='))
    ?.slice(5);
  const isDate = params.includes('VALUE=DATE');
  return value.split(',').map((v): ExDate => {
    const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?$/.exec(v.trim());
    if (!m) throw new InvalidRecurrence(`Invalid EXDATE: ${v}`);
    const date = `${m[1]}-${m[2]}-${m[3]}`;
    if (isDate || m[4] === undefined) return { date };
    const local = `${date}T${m[4]}:${m[5]}:${m[6]}`;
    return m[7] ? { utc: Date.parse(`${local}Z`) } : { local, tz };
  });
}

function positiveInt(v: string, name: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidRecurrence(`Invalid ${name}: ${v}`);
  return n;
}

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1)];
}
