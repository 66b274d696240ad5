import { join, relative } from 'node:path';
import { benchEntryDir, bundleBenchFunction } from './bench-bundle';
import { FLOOR_TOKEN_ENV } from './floor-function';

// Cold-start floors: what the mandated SDKs cost for the least a function does, with nothing of
// this codebase around it (no identity, rate limit, key, validation or envelope), bundled exactly
// like the functions (plugins and code cache included). Every function reads Firestore (tokens,
// limits, state), and an action on a connected account also calls the provider; the floors' ratios
// to hello world are the part of every cold start no change here can remove.
// The Firestore client is built by shared/store/firestore.ts itself, so its settings are the
// functions' own.

export interface ColdFloor {
  label: string;
  target: string;
  sourceDir: string;
}

const FIRESTORE_READ = `const e = process.env;
  db ??= createFirestore({ projectId: e.GOOGLE_CLOUD_PROJECT, firestore: { emulatorHost: e.FIRESTORE_EMULATOR_HOST, databaseId: e.FIRESTORE_DATABASE_ID ?? '(default)', preferRest: true } } as never);
  const connections = await (await db).collection('users').doc('dev-user').collection('connections').get();`;

const FLOORS: Array<{ target: string; label: string; imports: string; body: string }> = [
  {
    target: 'firestore-floor',
    label: 'one Firestore query',
    imports: '',
    body: `${FIRESTORE_READ}
  res.status(200).json({ data: { connections: connections.size } });`,
  },
  {
    target: 'calendar-cold-floor',
    label: 'one Firestore query + one events.list',
    imports: `import { calendar } from '@googleapis/calendar';
import { OAuth2Client } from 'google-auth-library';`,
    body: `${FIRESTORE_READ}
  const auth = new OAuth2Client({ clientId: e.GOOGLE_OAUTH_CLIENT_ID });
  auth.setCredentials({ access_token: e.${FLOOR_TOKEN_ENV}, expiry_date: Date.now() + 6 * 3_600_000 });
  const api = calendar({ version: 'v3', auth, rootUrl: e.GOOGLE_API_ROOT_URL, timeout: 10_000, retry: false });
  const now = Date.now();
  const r = await api.events.list({ calendarId: 'primary', timeMin: new Date(now).toISOString(), timeMax: new Date(now + 7 * 86_400_000).toISOString(), maxResults: 10, singleEvents: true, orderBy: 'startTime' });
  res.status(200).json({ data: { connections: connections.size, events: r.data.items ?? [] } });`,
  },
];

/** Both floors, bundled under .cache/bench/<target>. */
export async function buildColdFloors(root: string): Promise<ColdFloor[]> {
  const floors: ColdFloor[] = [];
  for (const f of FLOORS) {
    const firestoreModule = relative(benchEntryDir(root, f.target), join(root, 'shared', 'store', 'firestore'))
      .split('\\')
      .join('/');
    const source = `import { http } from '@google-cloud/functions-framework';
${f.imports}
import { createFirestore } from '${firestoreModule}';

let db: ReturnType<typeof createFirestore> | undefined;

http('${f.target}', async (_req, res) => {
  ${f.body}
});
`;
    const { sourceDir } = await bundleBenchFunction(root, f.target, source);
    floors.push({ label: f.label, target: f.target, sourceDir });
  }
  return floors;
}
