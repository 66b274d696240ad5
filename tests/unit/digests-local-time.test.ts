import { describe, expect, it } from 'vitest';
import { dueInstant, latestDue, localDayBounds, localHourOf, nextDue } from '../../shared/digests/local-time';
import { addDays, isValidTimeZone, localDateOf } from '../../shared/wall-clock';

// Local hours and dates in IANA zones: DST changes, half-hour offsets and both sides of the date
// line. Expected instants are worked out by hand from the zones' published rules.

const iso = (t: number | undefined) => (t === undefined ? undefined : new Date(t).toISOString());
const at = (s: string) => Date.parse(s);

describe('Europe/London', () => {
  it.each([
    // Spring forward, Sun 29 Mar 2026: 01:00 GMT → 02:00 BST. 01:xx local does not exist.
    ['2026-03-29', 0, '2026-03-29T00:00:00.000Z'],
    ['2026-03-29', 1, '2026-03-29T01:00:00.000Z'], // due when the clocks jump (02:00 BST)
    ['2026-03-29', 2, '2026-03-29T01:00:00.000Z'], // 02:00 BST is that same instant
    ['2026-03-29', 3, '2026-03-29T02:00:00.000Z'],
    // Fall back, Sun 25 Oct 2026: 02:00 BST → 01:00 GMT. 01:xx local happens twice.
    ['2026-10-25', 0, '2026-10-24T23:00:00.000Z'],
    ['2026-10-25', 1, '2026-10-25T00:00:00.000Z'], // the first 01:00 (BST), not the second
    ['2026-10-25', 2, '2026-10-25T02:00:00.000Z'],
    ['2026-07-01', 7, '2026-07-01T06:00:00.000Z'],
    ['2026-12-01', 7, '2026-12-01T07:00:00.000Z'],
  ])('%s at %i:00 is due at %s', (date, hour, expected) => {
    expect(iso(dueInstant(date, hour, 'Europe/London'))).toBe(expected);
  });

  it('has a 23-hour spring-forward day and a 25-hour fall-back day', () => {
    const spring = localDayBounds('2026-03-29', 'Europe/London');
    const fall = localDayBounds('2026-10-25', 'Europe/London');
    expect((spring.end - spring.start) / 3_600_000).toBe(23);
    expect((fall.end - fall.start) / 3_600_000).toBe(25);
  });

  it('sends one digest on the fall-back day although 01:00 happens twice', () => {
    // Dispatch at the second 01:00 (01:00Z): the latest due instant is still the first one.
    expect(latestDue(at('2026-10-25T01:00:00Z'), 1, 'Europe/London')).toEqual({ date: '2026-10-25', at: at('2026-10-25T00:00:00Z') });
    expect(iso(nextDue(at('2026-10-25T00:00:00Z'), 1, 'Europe/London', '2026-10-25').at)).toBe('2026-10-26T01:00:00.000Z');
  });
});

describe('both sides of the date line and half-hour zones', () => {
  const instant = at('2026-06-15T10:00:00Z');

  it('Pacific/Kiritimati (UTC+14) is already tomorrow; Pacific/Pago_Pago (UTC-11) still yesterday', () => {
    expect(localDateOf(instant, 'Pacific/Kiritimati')).toBe('2026-06-16');
    expect(localHourOf(instant, 'Pacific/Kiritimati')).toBe(0);
    expect(localDateOf(instant, 'Pacific/Pago_Pago')).toBe('2026-06-14');
    expect(localHourOf(instant, 'Pacific/Pago_Pago')).toBe(23);
  });

  it.each([
    ['Pacific/Kiritimati', '2026-06-16', 7, '2026-06-15T17:00:00.000Z'],
    ['Pacific/Pago_Pago', '2026-06-16', 7, '2026-06-16T18:00:00.000Z'],
    ['America/St_Johns', '2026-01-15', 7, '2026-01-15T10:30:00.000Z'], // NST, UTC-3:30
    ['America/St_Johns', '2026-06-16', 7, '2026-06-16T09:30:00.000Z'], // NDT, UTC-2:30
    // St. John's springs forward Sun 8 Mar 2026 at 02:00 NST → 03:00 NDT.
    ['America/St_Johns', '2026-03-08', 2, '2026-03-08T05:30:00.000Z'],
    ['America/St_Johns', '2026-03-08', 3, '2026-03-08T05:30:00.000Z'],
  ])('%s: %s at %i:00 is due at %s', (tz, date, hour, expected) => {
    expect(iso(dueInstant(date, hour, tz))).toBe(expected);
  });

  it('the same UTC instant is due for different local dates', () => {
    // Hour 0 in Kiritimati and hour 23 in Pago Pago are both 10:00Z on 15 June — 2 dates apart.
    expect(latestDue(instant, 0, 'Pacific/Kiritimati')).toEqual({ date: '2026-06-16', at: instant });
    expect(latestDue(instant, 23, 'Pacific/Pago_Pago')).toEqual({ date: '2026-06-14', at: instant });
  });

  it('a local date that never existed has no due instant (Samoa skipped 30 Dec 2011)', () => {
    expect(dueInstant('2011-12-30', 7, 'Pacific/Apia')).toBeUndefined();
    expect(localDateOf(at('2011-12-30T10:00:00Z'), 'Pacific/Apia')).toBe('2011-12-31');
  });
});

describe('scheduling helpers', () => {
  it('nextDue skips dates already dispatched, even when the zone changed across the date line', () => {
    // Dispatched for 16 June in Kiritimati; the user moves to Pago Pago, where it is 14 June.
    const next = nextDue(at('2026-06-15T10:00:00Z'), 7, 'Pacific/Pago_Pago', '2026-06-16');
    expect(next).toEqual({ date: '2026-06-17', at: at('2026-06-17T18:00:00Z') });
  });

  it('latestDue looks back past a date whose hour has not come yet', () => {
    expect(latestDue(at('2026-06-16T06:00:00Z'), 9, 'UTC')).toEqual({ date: '2026-06-15', at: at('2026-06-15T09:00:00Z') });
  });

  it('addDays crosses months and leap days', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('validates IANA zone names', () => {
    expect(isValidTimeZone('America/St_Johns')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
  });
});
