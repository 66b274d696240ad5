import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { startGoogleFake, type GoogleFake } from '../../sandbox/google';
import { startXFake, type XFake } from '../../sandbox/x';
import type { RateLimitRules } from '../../sandbox/x/api-routes';
import { startSecretManagerFake, type SecretManagerFake } from '../../sandbox/secret-manager';
import { startCartPilotFake, type CartPilotFake } from '../../sandbox/cartpilot';
import { startGeminiFake, type GeminiFake } from '../../sandbox/gemini';
import { loadConfig } from '../../shared/config';
import { createRuntime, type Runtime } from '../../shared/runtime/runtime';
import { startFunctionHost, type FunctionHost } from '../../scripts/lib/function-host';
import { wipeEmulatorProject } from '../../scripts/lib/firestore-emulator';
import type { Connection } from '../../shared/connections/connections-store';
import type { Clock } from '../../shared/runtime/context';

// One backend wired like production — real SDKs, the official Firestore emulator, Secret
// Manager over REST — but every upstream is a loopback fake. Each harness has its own project id,
// so test files running in parallel never share documents.

export interface Harness {
  url: string;
  projectId: string;
  emulatorHost: string;
  env: Record<string, string>;
  runtime: Runtime;
  host: FunctionHost;
  google: GoogleFake;
  x: XFake;
  secretManager: SecretManagerFake;
  cartpilot: CartPilotFake;
  /** Scripted Gemini (h.gemini.script(...)); chat and approvals talk to it through @google/genai. */
  gemini: GeminiFake;
  /** The 'merchant-webhook-secret' merchants sign order events with (h.cartpilot.signWebhook). */
  merchantWebhookSecret: string;
  /** The API key the CartPilot fake accepts (for a test acting on CartPilot directly). */
  cartpilotKey: string;
  logs: string[];
  secretValues: string[];
  call(fn: string, body?: unknown, init?: { method?: string; headers?: Record<string, string>; rawBody?: string }): Promise<HarnessResponse>;
  connectGoogle(
    uid: string,
    email: string,
    opts?: { scopes?: string[]; expired?: boolean; alias?: string; isDefault?: boolean },
  ): Promise<{ refreshToken: string; accessToken: string }>;
  connectX(uid: string, opts?: { expired?: boolean }): Promise<{ refreshToken: string; accessToken: string; userId: string }>;
  allDocuments(): Promise<{ path: string; data: unknown }[]>;
  wipe(): Promise<void>;
  /** Between tests: wipes Firestore and clears the Google and X fakes' faults and records. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessResponse {
  status: number;
  headers: Headers;
  text: string;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- test convenience
}

export async function startHarness(
  opts: { authMode?: 'dev' | 'firebase'; extraEnv?: Record<string, string>; clock?: Clock; xRateLimits?: Partial<RateLimitRules> } = {},
): Promise<Harness> {
  const emulatorHost = inject('firestoreEmulatorHost');
  const projectId = `test-${randomBytes(5).toString('hex')}`;
  const [google, x, secretManager] = await Promise.all([
    startGoogleFake(),
    startXFake({ clientId: 'x-client-id', clientSecret: 'x-client-secret-value', rateLimits: opts.xRateLimits }),
    startSecretManagerFake(),
  ]);
  const encryptionKey = randomBytes(32).toString('base64');
  secretManager.setSecret(projectId, 'token-encryption-key', encryptionKey);
  secretManager.setSecret(projectId, 'google-oauth-client-secret', google.clientSecret);
  secretManager.setSecret(projectId, 'x-client-secret', 'x-client-secret-value');
  secretManager.setSecret(projectId, 'youtube-api-key', google.apiKey);
  const cartpilotKey = `cp_test_${randomBytes(12).toString('hex')}`;
  const merchantWebhookSecret = `whsec_${randomBytes(16).toString('hex')}`;
  const cartpilot = await startCartPilotFake({ apiKey: cartpilotKey });
  const gemini = await startGeminiFake();
  secretManager.setSecret(projectId, 'gemini-api-key', gemini.apiKey);
  secretManager.setSecret(projectId, 'cartpilot-api-key', cartpilotKey);
  secretManager.setSecret(projectId, 'merchant-webhook-secret', merchantWebhookSecret);
  const env: Record<string, string> = {
    GOOGLE_CLOUD_PROJECT: projectId,
    AUTH_MODE: opts.authMode ?? 'dev',
    FIRESTORE_EMULATOR_HOST: emulatorHost,
    SECRET_MANAGER_ENDPOINT: `127.0.0.1:${secretManager.restPort}`,
    SECRET_CACHE_TTL_SEC: '300',
    GOOGLE_API_ROOT_URL: google.rootUrl,
    GOOGLE_OAUTH_TOKEN_URL: google.endpoints.oauth2TokenUrl,
    GOOGLE_OAUTH_AUTH_URL: google.endpoints.oauth2AuthBaseUrl,
    GOOGLE_OAUTH_REVOKE_URL: google.endpoints.oauth2RevokeUrl,
    GOOGLE_USERINFO_URL: `${google.url}/oauth2/v3/userinfo`,
    X_OAUTH_AUTH_URL: `${x.url}/i/oauth2/authorize`,
    GOOGLE_OAUTH_CLIENT_ID: google.clientId,
    X_API_BASE_URL: x.url,
    X_CLIENT_ID: 'x-client-id',
    CARTPILOT_API_URL: cartpilot.url,
    GEMINI_BASE_URL: gemini.url,
    PUBLIC_BASE_URL: 'http://127.0.0.1:9',
    ...opts.extraEnv,
  };
  const logs: string[] = [];
  const runtime = createRuntime({ config: loadConfig(env), logSink: (line) => logs.push(line), clock: opts.clock });
  const host = await startFunctionHost(() => runtime);
  const harness: Harness = {
    url: host.url,
    projectId,
    emulatorHost,
    env,
    runtime,
    host,
    google,
    x,
    secretManager,
    cartpilot,
    gemini,
    merchantWebhookSecret,
    cartpilotKey,
    logs,
    secretValues: [encryptionKey, google.clientSecret, 'x-client-secret-value', google.apiKey, cartpilotKey, merchantWebhookSecret, gemini.apiKey],
    call: (fn, body, init = {}) => call(host.url, fn, body, init),
    async connectGoogle(uid, email, o = {}) {
      // A fresh grant each time: a new refresh token, as a new consent would give.
      const account = google.addAccount({ email, scopes: o.scopes });
      const refreshToken = account.refreshToken;
      const accessToken = google.issueAccessToken(email, { expiresInSec: 3600 });
      harness.secretValues.push(refreshToken, accessToken);
      const conn: Omit<Connection, 'connectedAt' | 'status' | 'isDefault'> & { isDefault?: boolean } = {
        provider: 'google',
        account: email,
        email,
        alias: o.alias,
        isDefault: o.isDefault,
        scopes: o.scopes ?? account.scopes,
        accessToken,
        refreshToken,
        expiryDate: o.expired ? Date.now() - 1000 : Date.now() + 3_600_000,
      };
      await runtime.stores.connections.save(uid, conn);
      return { refreshToken, accessToken };
    },
    async connectX(uid, o = {}) {
      const userId = '1700000000000000042';
      x.addUser({ id: userId, username: 'ana_x', name: 'Ana' });
      const t = x.issueTokens(userId, { expiresInSec: 7200 });
      harness.secretValues.push(t.accessToken, t.refreshToken);
      await runtime.stores.connections.save(uid, {
        provider: 'x',
        account: userId,
        username: 'ana_x',
        scopes: ['tweet.read', 'tweet.write', 'users.read', 'offline.access'],
        accessToken: t.accessToken,
        refreshToken: t.refreshToken,
        expiryDate: o.expired ? Date.now() - 1000 : Date.now() + 7_200_000,
      });
      return { ...t, userId };
    },
    allDocuments: () => allDocuments(projectId, emulatorHost),
    async wipe() {
      await wipeEmulatorProject(emulatorHost, projectId);
      runtime.forgetRemembered();
    },
    async reset() {
      await harness.wipe();
      for (const fake of [google, x]) {
        fake.clearFaults();
        fake.resetRecords();
      }
    },
    async close() {
      await host.close();
      await Promise.all([google.close(), x.close(), secretManager.close(), cartpilot.close(), gemini.close()]);
      await (await runtime.stores.db()).terminate();
    },
  };
  return harness;
}

async function call(
  base: string,
  fn: string,
  body: unknown,
  init: { method?: string; headers?: Record<string, string>; rawBody?: string },
): Promise<HarnessResponse> {
  const method = init.method ?? 'POST';
  const hasBody = method !== 'GET' && method !== 'HEAD' && (body !== undefined || init.rawBody !== undefined);
  const res = await fetch(`${base}/${fn}`, {
    method,
    headers: { ...(hasBody ? { 'content-type': 'application/json' } : {}), ...init.headers },
    body: hasBody ? (init.rawBody ?? JSON.stringify(body)) : undefined,
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/**
 * Every document in the project, walking collections recursively. Uses its own gRPC client:
 * listing collection ids over the REST transport is rejected by the emulator.
 */
async function allDocuments(projectId: string, host: string): Promise<{ path: string; data: unknown }[]> {
  const { Firestore } = await import('@google-cloud/firestore');
  const db = new Firestore({ projectId, host, ssl: false, preferRest: false });
  const out: { path: string; data: unknown }[] = [];
  const walk = async (collections: FirebaseFirestore.CollectionReference[]): Promise<void> => {
    for (const col of collections) {
      for (const ref of await col.listDocuments()) {
        const snap = await ref.get();
        if (snap.exists) out.push({ path: ref.path, data: snap.data() });
        await walk(await ref.listCollections());
      }
    }
  };
  try {
    await walk(await db.listCollections());
  } finally {
    await db.terminate();
  }
  return out;
}
