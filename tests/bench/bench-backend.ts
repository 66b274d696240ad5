import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MOUNTABLE_SECRETS } from '../../shared/config';
import { startFirestoreEmulator, type RunningEmulator } from '../../scripts/lib/firestore-emulator';
import { loadConfig } from '../../shared/config';
import { createRuntime, type Runtime } from '../../shared/runtime/runtime';
import { startCartPilotFake, type CartPilotFake } from '../../sandbox/cartpilot';
import { startGoogleFake, type GoogleFake } from '../../sandbox/google';
import { startSecretManagerFake, type SecretManagerFake } from '../../sandbox/secret-manager';
import { startXFake, type XFake } from '../../sandbox/x';
import { startOidcIssuer } from '../../sandbox/pubsub/oidc-issuer';
import { startGeminiFake, type GeminiFake } from '../../sandbox/gemini';
import { startCloudTasksFake, type CloudTasksFake } from '../../sandbox/cloud-tasks';
import { startFunctionHost, type FunctionHost } from '../../scripts/lib/function-host';

// Everything a function bundle needs to answer 200 without leaving loopback: the official
// Firestore emulator, the Google / X / CartPilot / Secret Manager / Gemini / Cloud Tasks fakes, the
// secrets, and connected accounts for the dev-mode user (no Authorization header = "dev-user").
// The bench spawns bundles with `env` and talks to the same upstreams directly for its baselines.
// `host` serves every function in this process on the same backend: sample-preparations.ts
// prepares the state a cold-start sample needs (an intent, an approval, an OAuth state…) through it.

export const BENCH_UID = 'dev-user';
export const BENCH_EMAIL = 'bench@example.com';
const X_USER_ID = '1700000000000000077';
const X_CLIENT = { clientId: 'bench-x-client', clientSecret: 'bench-x-client-secret' };
const PUSH_SA = 'push@bench.iam.gserviceaccount.com';
const SCHEDULER_SA = 'scheduler@bench.iam.gserviceaccount.com';
const TASKS_SA = 'tasks@bench.iam.gserviceaccount.com';
const AUDIENCE_BASE = 'https://bench.functions.example';
/** The service functions and the account that calls each (Pub/Sub push or Cloud Scheduler). */
const SERVICE_CALLERS: Record<string, string> = {
  'gmail-push': PUSH_SA,
  'digest-worker': PUSH_SA,
  'digest-dispatch': SCHEDULER_SA,
  'gmail-watch-renew': SCHEDULER_SA,
  'calendar-channel-renew': SCHEDULER_SA,
  'order-sync': SCHEDULER_SA,
  'effects-reconcile': SCHEDULER_SA,
  'scheduled-send': TASKS_SA,
};

export interface BenchBackend {
  env: Record<string, string>;
  projectId: string;
  google: GoogleFake;
  x: XFake;
  cartpilot: CartPilotFake;
  secretManager: SecretManagerFake;
  gemini: GeminiFake;
  tasks: CloudTasksFake;
  /** Every function served in this process on the same backend (preparations go through it). */
  host: FunctionHost;
  merchantWebhookSecret: string;
  /** A runtime of the bench process itself, on the same emulator and secrets. */
  runtime: Runtime;
  /** An access token the Google fake accepts, for direct (baseline) SDK calls. */
  googleAccessToken: string;
  /** Authorization headers of Pub/Sub / Scheduler / merchant calls, by function (sample-requests.ts). */
  serviceHeaders: Record<string, Record<string, string>>;
  close(): Promise<void>;
}

export async function startBenchBackend(opts: { emulatorHost?: string } = {}): Promise<BenchBackend> {
  const emulator: RunningEmulator | undefined = opts.emulatorHost ? undefined : await startFirestoreEmulator();
  const emulatorHost = opts.emulatorHost ?? (emulator as RunningEmulator).host;
  const projectId = `bench-${randomBytes(4).toString('hex')}`;
  const cartpilotKey = `cp_bench_${randomBytes(8).toString('hex')}`;
  const merchantWebhookSecret = randomBytes(24).toString('base64url');
  const queue = `projects/${projectId}/locations/bench/queues/scheduled-sends`;
  const [google, x, cartpilot, secretManager, oidc, gemini] = await Promise.all([
    // The bench calls search.list directly hundreds of times to measure it; YouTube's real daily
    // quota (100 searches) would end the measurement, so this fake's day is unlimited.
    startGoogleFake({ youtubeDailyQuota: Number.MAX_SAFE_INTEGER }),
    startXFake(X_CLIENT),
    startCartPilotFake({ apiKey: cartpilotKey }),
    startSecretManagerFake(),
    startOidcIssuer(),
    // The offline sandbox model: chat, mail sorting and the digest summary get a real answer.
    startGeminiFake({ sandbox: true }),
  ]);
  // Scheduled sends are enqueued a day ahead: nothing is delivered while the bench runs (the
  // bench delivers the task body to scheduled-send itself, as Cloud Tasks would).
  const tasks = await startCloudTasksFake({
    queues: [queue],
    oidcToken: (email, audience) => oidc.idToken({ email, audience }),
    resolve: (url) => url,
  });
  const secrets: Record<string, string> = {
    'token-encryption-key': randomBytes(32).toString('base64'),
    'google-oauth-client-secret': google.clientSecret,
    'x-client-secret': X_CLIENT.clientSecret,
    'youtube-api-key': google.apiKey,
    'cartpilot-api-key': cartpilotKey,
    'merchant-webhook-secret': merchantWebhookSecret,
    'gemini-api-key': gemini.apiKey,
  };
  for (const [name, value] of Object.entries(secrets)) secretManager.setSecret(projectId, name, value);
  // As deployed (infra/functions.tf): every mountable secret is a file of a secret volume, and
  // only token-encryption-key is read through the Secret Manager API (here its fake).
  const secretFiles = mountSecrets(secrets);
  const env: Record<string, string> = {
    METADATA_SERVER_DETECTION: 'none',
    SECRET_FILES_DIR: secretFiles,
    GOOGLE_CLOUD_PROJECT: projectId,
    AUTH_MODE: 'dev',
    FIRESTORE_EMULATOR_HOST: emulatorHost,
    SECRET_MANAGER_ENDPOINT: `127.0.0.1:${secretManager.restPort}`,
    GOOGLE_API_ROOT_URL: google.rootUrl,
    GOOGLE_OAUTH_TOKEN_URL: google.endpoints.oauth2TokenUrl,
    GOOGLE_OAUTH_CLIENT_ID: google.clientId,
    GOOGLE_OAUTH_AUTH_URL: google.endpoints.oauth2AuthBaseUrl,
    GOOGLE_OAUTH_REVOKE_URL: google.endpoints.oauth2RevokeUrl,
    GOOGLE_USERINFO_URL: `${google.url}/oauth2/v3/userinfo`,
    X_API_BASE_URL: x.url,
    X_OAUTH_AUTH_URL: `${x.url}/i/oauth2/authorize`,
    X_CLIENT_ID: X_CLIENT.clientId,
    CARTPILOT_API_URL: cartpilot.url,
    PUBLIC_BASE_URL: 'http://127.0.0.1:9',
    // Nothing here may leave loopback: the endpoints no fake serves point at a closed port.
    FIREBASE_JWKS_URL: 'http://127.0.0.1:9/firebase-jwks',
    // Pub/Sub and Scheduler tokens come from the sandbox's loopback issuer, as under npm start.
    GOOGLE_OIDC_JWKS_URL: oidc.jwksUrl,
    PUSH_AUDIENCE_BASE_URL: AUDIENCE_BASE,
    // digest-dispatch needs a topic; the bench has nobody due, so nothing is published to it.
    DIGESTS_TOPIC: `projects/${projectId}/topics/digests`,
    PUBSUB_EMULATOR_HOST: '127.0.0.1:9',
    GEMINI_BASE_URL: gemini.url,
    SCHEDULED_SENDS_QUEUE: queue,
    CLOUD_TASKS_ENDPOINT: tasks.endpoint,
    TASKS_SERVICE_ACCOUNT_EMAIL: TASKS_SA,
    PUSH_SERVICE_ACCOUNT_EMAIL: PUSH_SA,
    SCHEDULER_SERVICE_ACCOUNT_EMAIL: SCHEDULER_SA,
    LOG_LEVEL: 'warn',
    // Throttling stays on, with limits a bench loop of one user cannot reach (warm.ts compares
    // the target with it off).
    RATE_LIMIT_READS_PER_MIN: '100000000',
    RATE_LIMIT_WRITES_PER_MIN: '100000000',
    RATE_LIMIT_CHAT_PER_MIN: '100000000',
    RATE_LIMIT_SEARCH_PER_MIN: '100000000',
  };
  const runtime = createRuntime({ config: loadConfig(env), logSink: () => undefined });
  const googleAccessToken = await seedConnections(runtime, google, x);
  const host = await startFunctionHost(() => runtime);
  const serviceHeaders: Record<string, Record<string, string>> = {};
  for (const [fn, email] of Object.entries(SERVICE_CALLERS)) {
    // Long-lived: one token serves every round of the bench.
    serviceHeaders[fn] = { authorization: `Bearer ${await oidc.idToken({ email, audience: `${AUDIENCE_BASE}/${fn}`, expiresInSec: 6 * 3600 })}` };
  }
  return {
    env,
    projectId,
    google,
    x,
    cartpilot,
    secretManager,
    gemini,
    tasks,
    host,
    merchantWebhookSecret,
    runtime,
    googleAccessToken,
    serviceHeaders,
    async close() {
      await host.close();
      await (await runtime.stores.db()).terminate();
      await Promise.all([google.close(), x.close(), cartpilot.close(), secretManager.close(), oidc.close(), gemini.close(), tasks.close()]);
      await emulator?.stop();
      rmSync(secretFiles, { recursive: true, force: true });
    },
  };
}

/** <dir>/<name>/value for each mountable secret, as Cloud Run mounts a secret volume. */
function mountSecrets(secrets: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'bench-secrets-'));
  for (const name of MOUNTABLE_SECRETS) {
    const value = secrets[name];
    if (value === undefined) continue;
    mkdirSync(join(dir, name), { mode: 0o700 });
    writeFileSync(join(dir, name, 'value'), value, { mode: 0o600 });
  }
  return dir;
}

async function seedConnections(runtime: Runtime, google: GoogleFake, x: XFake): Promise<string> {
  const account = google.addAccount({ email: BENCH_EMAIL });
  // Long-lived tokens: the bench measures the request path, not OAuth refreshes.
  const accessToken = google.issueAccessToken(BENCH_EMAIL, { expiresInSec: 6 * 3600 });
  await runtime.stores.connections.save(BENCH_UID, {
    provider: 'google',
    account: BENCH_EMAIL,
    email: BENCH_EMAIL,
    isDefault: true,
    scopes: account.scopes,
    accessToken,
    refreshToken: account.refreshToken,
    expiryDate: Date.now() + 6 * 3_600_000,
  });
  const hour = 3_600_000;
  google.seedEvents(
    BENCH_EMAIL,
    'primary',
    [1, 5, 26, 50].map((h, i) => ({
      summary: `Bench event ${i + 1}`,
      start: { dateTime: new Date(Date.now() + h * hour).toISOString() },
      end: { dateTime: new Date(Date.now() + (h + 1) * hour).toISOString() },
    })),
  );
  google.seedMessages(BENCH_EMAIL, [{ from: 'ana@example.com', to: BENCH_EMAIL, subject: 'Bench message', body: 'Hello from the bench.' }]);
  x.addUser({ id: X_USER_ID, username: 'bench_x', name: 'Bench' });
  const t = x.issueTokens(X_USER_ID, { expiresInSec: 6 * 3600 });
  await runtime.stores.connections.save(BENCH_UID, {
    provider: 'x',
    account: X_USER_ID,
    username: 'bench_x',
    isDefault: true,
    scopes: ['tweet.read', 'tweet.write', 'users.read', 'offline.access'],
    accessToken: t.accessToken,
    refreshToken: t.refreshToken,
    expiryDate: Date.now() + 6 * 3_600_000,
  });
  return accessToken;
}
