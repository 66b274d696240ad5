import { randomBytes } from 'node:crypto';
import { startCartPilotFake, type CartPilotFake } from '../../sandbox/cartpilot';
import { DEFAULT_SCOPES, SANDBOX_TIME_ZONE, seedGoogleSandbox, startGoogleFake, type GoogleFake } from '../../sandbox/google';
import { SANDBOX_X_CLIENT, SANDBOX_X_USER, seedXSandbox, startXFake, type XFake } from '../../sandbox/x';
import { startGeminiFake, type GeminiFake } from '../../sandbox/gemini';
import { startCloudTasksFake, type CloudTasksFake } from '../../sandbox/cloud-tasks';
import { startOidcIssuer, type OidcIssuer } from '../../sandbox/pubsub/oidc-issuer';
import type { Runtime } from '../../shared/runtime/runtime';
import { sandboxOutbox, type SandboxOutbox, type Seeded } from './sandbox-outbox';

// The offline sandbox: the SAME loopback fakes the integration tests use (Google, X, CartPilot),
// the env that points loadConfig at them, and seed data for one dev user. Secrets are dev-mode
// environment values (AUTH_MODE=dev without SECRET_MANAGER_ENDPOINT reads them from the env), so
// no Secret Manager is involved. Used by `npm start` (scripts/dev-host.ts) and the benchmark.

export const SANDBOX_UID = 'dev-user';
export const SANDBOX_EMAIL = 'dev-user@sandbox.example';
/** The discard port: nothing listens there, so a call fails at once and stays on this machine. */
const OFFLINE = 'http://127.0.0.1:9';
const X_SCOPES = ['tweet.read', 'tweet.write', 'users.read', 'offline.access'];

export interface SandboxOptions {
  /** The URL the backend is reached at (OAuth redirects and return_to allowlist). */
  publicBaseUrl?: string;
  projectId?: string;
  /** Added to `env` as FIRESTORE_EMULATOR_HOST when given (the benchmark passes env to bundles). */
  firestoreEmulatorHost?: string;
  /**
   * The one loopback OIDC issuer the backend trusts (GOOGLE_OIDC_JWKS_URL) for every service call:
   * Cloud Tasks deliveries here, Pub/Sub pushes and scheduler ticks in the triggers. Started here when not given.
   */
  oidc?: OidcIssuer;
}

export interface SandboxFakes {
  google: GoogleFake;
  x: XFake;
  cartpilot: CartPilotFake;
  /** Serves the deterministic, clearly labelled "[sandbox model]" in Gemini's wire format. */
  gemini: GeminiFake;
  /** Scheduled sends: delivers each task to this host's scheduled-send function when due. */
  tasks: CloudTasksFake;
  /** Signs the tasks' OIDC tokens; the backend trusts its JWKS (GOOGLE_OIDC_JWKS_URL). */
  oidc: OidcIssuer;
}

export interface SandboxSeedInfo {
  uid: string;
  google: { email: string; events: number; messages: number };
  x: { userId: string; username: string; replyToTweetId: string };
}

export interface Sandbox {
  /** Config env for loadConfig; FIRESTORE_EMULATOR_HOST only if given in the options. */
  env: Record<string, string>;
  fakes: SandboxFakes;
  /** Seeds the fakes and stores connected accounts for SANDBOX_UID in the runtime's Firestore. */
  seed(runtime: Runtime): Promise<SandboxSeedInfo>;
  outbox(): SandboxOutbox;
  close(): Promise<void>;
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const cartpilotKey = `cp_sandbox_${randomBytes(12).toString('hex')}`;
  const [google, x, cartpilot, gemini] = await Promise.all([
    startGoogleFake(),
    startXFake({ ...SANDBOX_X_CLIENT }),
    startCartPilotFake({ apiKey: cartpilotKey }),
    startGeminiFake({ sandbox: true }),
  ]);
  const projectId = opts.projectId ?? 'demo-seven';
  const ownIssuer = !opts.oidc;
  const oidc = opts.oidc ?? (await startOidcIssuer());
  // Tasks target <PUBLIC_BASE_URL>/scheduled-send, which in the sandbox is this loopback host.
  const tasks = await startCloudTasksFake({
    queues: [sandboxQueue(projectId)],
    oidcToken: (email, audience) => oidc.idToken({ email, audience }),
    resolve: (url) => url,
  });
  const fakes = { google, x, cartpilot, gemini, tasks, oidc };
  const env = sandboxEnv(fakes, cartpilotKey, { ...opts, projectId });
  // The seeded timeline and calendar hold posts and events of the sandbox person; the outbox shows only new ones.
  const seeded: Seeded = { tweets: new Set(), events: new Set() };
  return {
    env,
    fakes,
    seed: async (runtime) => {
      const info = await seed(runtime, google, x);
      for (const t of x.tweets()) seeded.tweets.add(t.id);
      for (const e of google.calendarEvents(SANDBOX_EMAIL)) seeded.events.add(e.event.id);
      return info;
    },
    outbox: () => sandboxOutbox(fakes, SANDBOX_EMAIL, SANDBOX_X_USER.id, seeded),
    close: async () => {
      await Promise.allSettled([google.close(), x.close(), cartpilot.close(), gemini.close(), tasks.close(), ownIssuer ? oidc.close() : undefined]);
    },
  };
}

function sandboxQueue(projectId: string): string {
  return `projects/${projectId}/locations/sandbox/queues/scheduled-sends`;
}

function sandboxEnv(f: SandboxFakes, cartpilotKey: string, opts: SandboxOptions): Record<string, string> {
  const g = f.google;
  const env: Record<string, string> = {
    GOOGLE_CLOUD_PROJECT: opts.projectId ?? 'demo-seven',
    AUTH_MODE: 'dev',
    SANDBOX: 'true',
    GOOGLE_API_ROOT_URL: g.rootUrl,
    GOOGLE_OAUTH_TOKEN_URL: g.endpoints.oauth2TokenUrl,
    GOOGLE_OAUTH_AUTH_URL: g.endpoints.oauth2AuthBaseUrl,
    GOOGLE_OAUTH_REVOKE_URL: g.endpoints.oauth2RevokeUrl,
    GOOGLE_USERINFO_URL: `${g.url}/oauth2/v3/userinfo`,
    GOOGLE_OAUTH_CLIENT_ID: g.clientId,
    X_API_BASE_URL: f.x.url,
    X_OAUTH_AUTH_URL: `${f.x.url}/i/oauth2/authorize`,
    X_CLIENT_ID: SANDBOX_X_CLIENT.clientId,
    CARTPILOT_API_URL: f.cartpilot.url,
    // chat talks to the offline sandbox model through the real @google/genai client. No Firebase
    // JWKS fake exists; aiming that client at a closed loopback port keeps the sandbox offline
    // whatever else is configured (dev identity never fetches the Firebase JWKS).
    GEMINI_BASE_URL: f.gemini.url,
    GEMINI_API_KEY: f.gemini.apiKey,
    FIREBASE_JWKS_URL: `${OFFLINE}/firebase-jwks`,
    // Service-function tokens are trusted only from the sandbox's own signer (its Cloud Tasks).
    GOOGLE_OIDC_JWKS_URL: f.oidc.jwksUrl,
    SCHEDULED_SENDS_QUEUE: sandboxQueue(opts.projectId ?? 'demo-seven'),
    CLOUD_TASKS_ENDPOINT: f.tasks.endpoint,
    TASKS_SERVICE_ACCOUNT_EMAIL: `sandbox-tasks@${opts.projectId ?? 'demo-seven'}.iam.gserviceaccount.com`,
    // Dev-mode secrets, read from these names by shared/secrets.ts. The encryption key is new
    // every run: the sandbox reseeds its connections on start, so old ciphertexts do not matter.
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    GOOGLE_OAUTH_CLIENT_SECRET: g.clientSecret,
    X_CLIENT_SECRET: SANDBOX_X_CLIENT.clientSecret,
    YOUTUBE_API_KEY: g.apiKey,
    CARTPILOT_API_KEY: cartpilotKey,
    MERCHANT_WEBHOOK_SECRET: `whsec_sandbox_${randomBytes(16).toString('hex')}`,
  };
  if (opts.firestoreEmulatorHost) env.FIRESTORE_EMULATOR_HOST = opts.firestoreEmulatorHost;
  if (opts.publicBaseUrl) {
    env.PUBLIC_BASE_URL = opts.publicBaseUrl;
    env.OAUTH_RETURN_TO_ALLOWLIST = `${opts.publicBaseUrl}/`;
  }
  return env;
}

async function seed(runtime: Runtime, google: GoogleFake, x: XFake): Promise<SandboxSeedInfo> {
  const world = seedGoogleSandbox(google, SANDBOX_EMAIL);
  // seedGoogleSandbox only returns the account the first time; a second seed reuses the grant.
  const refreshToken =
    world.account?.refreshToken ?? google.addAccount({ email: SANDBOX_EMAIL, name: 'Sandbox User', timeZone: SANDBOX_TIME_ZONE }).refreshToken;
  await runtime.stores.connections.save(SANDBOX_UID, {
    provider: 'google',
    account: SANDBOX_EMAIL,
    email: SANDBOX_EMAIL,
    // As a consent would record it from userinfo: the sandbox account's address is verified.
    emailVerified: true,
    isDefault: true,
    scopes: world.account?.scopes ?? DEFAULT_SCOPES,
    accessToken: google.issueAccessToken(SANDBOX_EMAIL, { expiresInSec: 3600 }),
    refreshToken,
    expiryDate: Date.now() + 3_600_000,
  });
  const xs = seedXSandbox(x);
  await runtime.stores.connections.save(SANDBOX_UID, {
    provider: 'x',
    account: xs.user.id,
    username: xs.user.username,
    isDefault: true,
    scopes: X_SCOPES,
    accessToken: xs.accessToken,
    refreshToken: xs.refreshToken,
    expiryDate: Date.now() + 7_200_000,
  });
  return {
    uid: SANDBOX_UID,
    google: { email: SANDBOX_EMAIL, events: world.events.length, messages: world.messages.length },
    x: { userId: xs.user.id, username: xs.user.username, replyToTweetId: xs.friendTweetId },
  };
}
