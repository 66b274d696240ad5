import { addDays, localDateOf } from '../../wall-clock';
import { formatInZone, localToInstant, weekdayOf } from './zoned-time';

// Proposes free slots: working hours on working days in the person's time zone, minus busy
// periods, cut into back-to-back slots of the asked length starting on quarter hours. Pure, so
// the rules (DST days, windows starting mid-day, busy periods spilling over) are tested directly.

const QUARTER_HOUR = 15 * 60_000;

export interface SlotRequest {
  from: number;
  to: number;
  durationMs: number;
  timeZone: string;
  workStart: string;
  workEnd: string;
  /** 0 = Sunday … 6 = Saturday. */
  workDays: readonly number[];
  busy: ReadonlyArray<{ start: number; end: number }>;
  max: number;
}

export interface Slot {
  start: string;
  end: string;
}

export function freeSlots(r: SlotRequest): Slot[] {
  const slots: Slot[] = [];
  for (const [open, close] of workingSpans(r)) {
    for (const [gapStart, gapEnd] of subtract(open, close, r.busy)) {
      let start = Math.ceil(gapStart / QUARTER_HOUR) * QUARTER_HOUR;
      while (start + r.durationMs <= gapEnd) {
        slots.push({ start: formatInZone(start, r.timeZone), end: formatInZone(start + r.durationMs, r.timeZone) });
        if (slots.length >= r.max) return slots;
        start += r.durationMs;
      }
    }
  }
  return slots;
}

/** Each working day's hours inside [from, to), in order. */
function workingSpans(r: SlotRequest): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  const last = localDateOf(r.to, r.timeZone);
  for (let date = localDateOf(r.from, r.timeZone); date <= last; date = addDays(date, 1)) {
    if (!r.workDays.includes(weekdayOf(date))) continue;
    const open = Math.max(localToInstant(date, r.workStart, r.timeZone), r.from);
    const close = Math.min(localToInstant(date, r.workEnd, r.timeZone), r.to);
    if (close > open) spans.push([open, close]);
  }
  return spans;
}

/** [open, close) minus every busy period. */
function subtract(open: number, close: number, busy: SlotRequest['busy']): Array<[number, number]> {
  const gaps: Array<[number, number]> = [];
  let cursor = open;
  for (const b of [...busy].sort((x, y) => x.start - y.start)) {
    if (b.end <= cursor || b.start >= close) continue;
    if (b.start > cursor) gaps.push([cursor, b.start]);
    cursor = Math.max(cursor, b.end);
  }
  if (close > cursor) gaps.push([cursor, close]);
  return gaps;
}
