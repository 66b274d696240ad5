import { Throttle } from '../../shared/store/throttle';
import { calendar } from '@googleapis/calendar';
import { youtube } from '@googleapis/youtube';
import { OAuth2Client } from 'google-auth-library';
import type { BenchUpstreams } from './upstreams-process';

// The same upstream call a function makes, issued directly from the bench process with the same
// SDK and options: the difference to the function's latency is what the function adds (HTTP
// framework, auth, validation, Firestore connection lookup and token decryption, envelope).

export type Probe = () => Promise<boolean>;

/** events.list exactly as list_calendar_events calls it (7-day window, single events). */
export function directCalendarList(backend: BenchUpstreams): Probe {
  const auth = new OAuth2Client({ clientId: backend.google.clientId });
  auth.setCredentials({ access_token: backend.googleAccessToken, expiry_date: Date.now() + 6 * 3_600_000 });
  const api = calendar({ version: 'v3', auth, rootUrl: backend.google.rootUrl, timeout: 10_000, retry: false });
  return async () => {
    const now = Date.now();
    const res = await api.events.list({
      calendarId: 'primary',
      timeMin: new Date(now).toISOString(),
      timeMax: new Date(now + 7 * 86_400_000).toISOString(),
      maxResults: 10,
      singleEvents: true,
      orderBy: 'startTime',
    });
    return res.status === 200;
  };
}

/**
 * A search_youtube cache hit is one Firestore document read: read that document (found after the
 * function filled the cache) with the Firestore SDK, over the same transport the function uses.
 */
export async function directCacheRead(backend: BenchUpstreams): Promise<Probe> {
  const db = await backend.db();
  const snap = await db.collection('cache').limit(1).get();
  const doc = snap.docs[0];
  if (!doc) throw new Error('The YouTube cache is empty: call search-youtube once before measuring.');
  return async () => (await doc.ref.get()).exists;
}

/** The upstream a cache miss would pay for, for scale. */
export function directYoutubeSearch(backend: BenchUpstreams): Probe {
  const api = youtube({ version: 'v3', rootUrl: backend.google.rootUrl, timeout: 10_000, retry: false });
  return async () => {
    const res = await api.search.list({
      key: backend.google.apiKey,
      part: ['snippet'],
      q: 'serverless cold starts',
      type: ['video'],
      maxResults: 5,
      order: 'relevance',
    });
    return res.status === 200;
  };
}

/**
 * What throttling adds when an instance must claim a slice of a user's minute from Firestore (one
 * transaction; with the default limits once every limit/10 requests of a user, and never while the
 * slice lasts): a limit of 1 and a new user each call forces a claim every time.
 */
export async function directThrottleClaim(backend: BenchUpstreams): Promise<Probe> {
  const db = await backend.db();
  const throttle = new Throttle(
    async () => db,
    { reads: 1, writes: 0, chat: 0, search: 0 },
    () => Date.now(),
  );
  let n = 0;
  return async () => {
    n += 1;
    await throttle.take(`bench-throttle-${process.pid}-${n}`, 'reads');
    return true;
  };
}
