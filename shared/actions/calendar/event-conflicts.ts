import { z } from 'zod';
import { AppError, isAppError } from '../../errors';
import type { ProviderClients } from '../../connections/provider-clients';
import { CALENDAR_READONLY } from '../../connections/scopes';
import { BusyPeriod, queryBusy, UncheckedCalendar } from './busy-times';

// What a new event would overlap in the person's chosen calendars. Checked twice: in the approval
// preview (so the person decides knowing it) and again when the event is created (the calendar may
// have changed meanwhile). An account that never granted busy-time reading still creates events:
// the answer then says plainly that nothing was checked, unless the caller asked to refuse overlaps.

export const ConflictReport = z.object({
  checked: z.boolean().describe('False when busy times could not be read (see note); nothing was compared.'),
  calendars: z.array(z.string()),
  overlaps: z.array(BusyPeriod).describe('Busy periods inside the new event, per calendar.'),
  unchecked: z.array(UncheckedCalendar).describe('Calendars Google could not answer for (e.g. notFound).'),
  note: z.string().optional(),
});
export type ConflictReport = z.infer<typeof ConflictReport>;

export interface ConflictQuery {
  account?: string;
  calendars: readonly string[];
  start: string;
  end: string;
  /** The caller refuses overlaps: a check that cannot run is an error, not a note. */
  required?: boolean;
}

export async function findConflicts(clients: ProviderClients, q: ConflictQuery, signal: AbortSignal): Promise<ConflictReport> {
  const calendars = [...q.calendars];
  let session: Awaited<ReturnType<ProviderClients['google']>>;
  try {
    // Not readOnly: it runs inside a write, which acts on the account as it stands now.
    session = await clients.google([CALENDAR_READONLY], q.account);
  } catch (e) {
    if (q.required || !isMissingPermission(e)) throw e;
    const note = 'Busy times were not checked: this account has not granted reading them (connect the "calendar.freebusy" capability).';
    return { checked: false, calendars, overlaps: [], unchecked: [], note };
  }
  const { busy, unchecked } = await queryBusy(session, { calendarIds: calendars, timeMin: q.start, timeMax: q.end }, signal);
  return { checked: true, calendars, overlaps: busy, unchecked };
}

/** For `if_conflict: "refuse"`: anything overlapping, or any calendar left unchecked, stops the write. */
export function refuseUnlessClear(report: ConflictReport): void {
  if (report.overlaps.length > 0) {
    throw new AppError('conflict', `The event overlaps ${report.overlaps.length} busy period(s); nothing was created.`, {
      details: { reason: 'calendar_conflict', overlaps: report.overlaps },
    });
  }
  if (report.unchecked.length > 0) {
    throw new AppError('not_found', 'Some calendars could not be checked for conflicts; nothing was created.', {
      details: { reason: 'calendar_unchecked', unchecked: report.unchecked },
    });
  }
}

function isMissingPermission(e: unknown): boolean {
  return isAppError(e) && e.code === 'not_connected' && Array.isArray(e.details?.missingScopes) && e.details?.account !== undefined;
}

/** The preview's line about conflicts, in words a person reads before approving. */
export function conflictSummary(report: ConflictReport): string {
  if (!report.checked) return 'conflicts not checked';
  if (report.overlaps.length === 0) return report.unchecked.length > 0 ? 'some calendars could not be checked' : 'no conflicts';
  return `overlaps ${report.overlaps.length} busy period${report.overlaps.length > 1 ? 's' : ''}`;
}
