import type { calendar_v3 } from '@googleapis/calendar';
import type { GoogleSession } from '../../connections/google-session';
import { mapGoogleError } from '../../providers/google/google-errors';
import { GoogleEvent } from './calendar-event';

// The Calendar client for a session, and events.get by id (an effect's own event, if it exists).

export async function calendarApi(session: GoogleSession): Promise<calendar_v3.Calendar> {
  const { calendar } = await import('@googleapis/calendar');
  return calendar({ version: 'v3', auth: session.auth, ...session.apiOptions });
}

/**
 * https://developers.google.com/workspace/calendar/api/v3/reference/events/get — the event, or
 * undefined when the calendar has no such id (404/410). A deleted event is still found: it existed.
 */
export async function findEvent(api: calendar_v3.Calendar, calendarId: string, eventId: string, signal: AbortSignal): Promise<GoogleEvent | undefined> {
  try {
    const res = await api.events.get({ calendarId, eventId }, { signal });
    return GoogleEvent.parse(res.data);
  } catch (e) {
    const err = mapGoogleError(e);
    if (err.code === 'not_found') return undefined;
    throw err;
  }
}
