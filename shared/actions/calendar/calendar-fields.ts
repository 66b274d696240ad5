import { z } from 'zod';

// Input pieces the calendar actions share, so a calendar id or a time window is checked the same
// way whichever action receives it.

const DAY_MS = 86_400_000;

/** A calendar id as Google accepts it in a path segment: no slash, no line break. */
export const calendarIdField = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[^\r\n/]+$/);

/** The calendar an action reads or writes; "primary" unless named. */
export const calendarIdInput = calendarIdField.default('primary').describe('Calendar id; "primary" is the account\'s main calendar.');

interface WindowInput {
  days_ahead?: number;
  time_min?: string;
  time_max?: string;
}

/**
 * A window is either days_ahead from now or an explicit time_min/time_max pair, not both; an
 * explicit one must run forwards and span at most maxDays (what the action can answer for).
 */
export function checkTimeWindow(v: WindowInput, ctx: z.RefinementCtx, maxDays: number): void {
  const explicit = v.time_min !== undefined || v.time_max !== undefined;
  if (explicit && v.days_ahead !== undefined)
    ctx.addIssue({ code: 'custom', path: ['days_ahead'], message: 'use either days_ahead or time_min/time_max, not both' });
  if (explicit && (v.time_min === undefined || v.time_max === undefined))
    ctx.addIssue({ code: 'custom', path: [v.time_min ? 'time_max' : 'time_min'], message: 'time_min and time_max go together' });
  if (!v.time_min || !v.time_max) return;
  const span = Date.parse(v.time_max) - Date.parse(v.time_min);
  if (span <= 0) ctx.addIssue({ code: 'custom', path: ['time_max'], message: 'time_max must be after time_min' });
  if (span > maxDays * DAY_MS) ctx.addIssue({ code: 'custom', path: ['time_max'], message: `the window may span at most ${maxDays} days` });
}
