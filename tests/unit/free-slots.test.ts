import { describe, expect, it } from 'vitest';
import { freeSlots, type SlotRequest } from '../../shared/actions/calendar/free-slots';

const base: SlotRequest = {
  from: Date.parse('2030-03-29T00:00:00Z'),
  to: Date.parse('2030-04-02T00:00:00Z'),
  durationMs: 60 * 60_000,
  timeZone: 'Europe/Paris',
  workStart: '09:00',
  workEnd: '10:00',
  workDays: [0, 1, 2, 3, 4, 5, 6],
  busy: [],
  max: 10,
};

describe('freeSlots', () => {
  it('follows the zone across a daylight-saving change (Paris moves to +02:00 on 2030-03-31)', () => {
    expect(freeSlots(base).map((s) => s.start)).toEqual([
      '2030-03-29T09:00:00+01:00',
      '2030-03-30T09:00:00+01:00',
      '2030-03-31T09:00:00+02:00',
      '2030-04-01T09:00:00+02:00',
    ]);
  });

  it('starts on the next quarter hour after a busy period and skips gaps too short for the duration', () => {
    const busy = [
      { start: Date.parse('2030-03-29T08:00:00Z'), end: Date.parse('2030-03-29T08:05:00Z') },
      { start: Date.parse('2030-03-30T08:00:00Z'), end: Date.parse('2030-03-30T08:30:00Z') },
    ];
    const r = { ...base, to: Date.parse('2030-03-31T00:00:00Z'), workEnd: '11:00', busy };
    expect(freeSlots(r)).toEqual([
      { start: '2030-03-29T09:15:00+01:00', end: '2030-03-29T10:15:00+01:00' },
      { start: '2030-03-30T09:30:00+01:00', end: '2030-03-30T10:30:00+01:00' },
    ]);
  });

  it('stops at max and never proposes before the window starts', () => {
    const r = { ...base, from: Date.parse('2030-03-29T08:30:00Z'), workEnd: '17:00', max: 2 };
    expect(freeSlots(r)).toEqual([
      { start: '2030-03-29T09:30:00+01:00', end: '2030-03-29T10:30:00+01:00' },
      { start: '2030-03-29T10:30:00+01:00', end: '2030-03-29T11:30:00+01:00' },
    ]);
  });
});
