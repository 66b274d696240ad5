import { bundleBenchFunction } from './bench-bundle';

// The least a deployed function can do to answer list_calendar_events: a bare functions-framework
// HTTP function that makes the same events.list call (same SDK, same options, a fixed token) and
// returns the items — no identity, validation, connection lookup or envelope. Its overhead over
// the direct call is the platform's share (a second process and HTTP hop, express and its body
// parser, the domain functions-framework wraps every request in, which makes each promise and
// socket callback dearer); what list-calendar-events adds on top of it is this codebase's.

export const FLOOR_TOKEN_ENV = 'BENCH_FLOOR_ACCESS_TOKEN';

const ENTRY = `import { http } from '@google-cloud/functions-framework';
import { calendar } from '@googleapis/calendar';
import { OAuth2Client } from 'google-auth-library';

const auth = new OAuth2Client({ clientId: process.env.GOOGLE_OAUTH_CLIENT_ID });
auth.setCredentials({ access_token: process.env.${FLOOR_TOKEN_ENV}, expiry_date: Date.now() + 6 * 3_600_000 });
const api = calendar({ version: 'v3', auth, rootUrl: process.env.GOOGLE_API_ROOT_URL, timeout: 10_000, retry: false });

http('calendar-floor', async (req, res) => {
  const now = Date.now();
  const days = Number(req.body?.days_ahead ?? 7);
  const r = await api.events.list({
    calendarId: 'primary',
    timeMin: new Date(now).toISOString(),
    timeMax: new Date(now + days * 86_400_000).toISOString(),
    maxResults: 10,
    singleEvents: true,
    orderBy: 'startTime',
  });
  res.status(200).json({ data: { events: r.data.items ?? [] } });
});
`;

/** Bundled like the functions (code cache included), under .cache/bench/calendar-floor. */
export function buildCalendarFloor(root: string): Promise<{ target: string; sourceDir: string }> {
  return bundleBenchFunction(root, 'calendar-floor', ENTRY);
}
