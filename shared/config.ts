import { z } from 'zod';

// The one reader of the environment. Everything else receives a Config.
// Endpoint overrides exist so the same code can talk to loopback fakes (tests, the offline
// sandbox) or a staging upstream; production leaves them unset and gets Google's/X's defaults.

const optionalUrl = z.url().optional();
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const csv = z.string().transform((s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean),
);

const EnvSchema = z.object({
  AUTH_MODE: z.enum(['firebase', 'dev']).default('firebase'),
  K_SERVICE: z.string().optional(),
  GOOGLE_CLOUD_PROJECT: z.string().min(1).optional(),
  GCLOUD_PROJECT: z.string().min(1).optional(),
  FIREBASE_PROJECT_ID: z.string().min(1).optional(),
  FIREBASE_JWKS_URL: z.url().default('https://www.googleapis.com/service_accounts/v1/jwk/securetoken@system.gserviceaccount.com'),
  FIRESTORE_EMULATOR_HOST: z
    .string()
    .regex(/^[\w.-]+:\d+$/)
    .optional(),
  FIRESTORE_DATABASE_ID: z.string().default('(default)'),
  FIRESTORE_PREFER_REST: bool.default(true),
  SECRET_MANAGER_ENDPOINT: z
    .string()
    .regex(/^[\w.-]+:\d+$/)
    .optional(),
  // Where the platform mounts secrets as files (Cloud Run secret volumes, infra/functions.tf):
  // <dir>/<secret-name>/value. Unset: every secret is read through the Secret Manager API.
  SECRET_FILES_DIR: z
    .string()
    .regex(/^\/[\w./-]*$/)
    .optional(),
  SECRET_CACHE_TTL_SEC: z.coerce.number().int().min(0).max(86_400).default(300),
  GOOGLE_API_ROOT_URL: optionalUrl,
  GOOGLE_OAUTH_TOKEN_URL: z.url().default('https://oauth2.googleapis.com/token'),
  GOOGLE_OAUTH_AUTH_URL: z.url().default('https://accounts.google.com/o/oauth2/v2/auth'),
  GOOGLE_OAUTH_REVOKE_URL: z.url().default('https://oauth2.googleapis.com/revoke'),
  GOOGLE_USERINFO_URL: z.url().default('https://openidconnect.googleapis.com/v1/userinfo'),
  GOOGLE_OAUTH_CLIENT_ID: z.string().min(1).optional(),
  X_API_BASE_URL: optionalUrl,
  X_OAUTH_AUTH_URL: z.url().default('https://x.com/i/oauth2/authorize'),
  X_CLIENT_ID: z.string().min(1).optional(),
  CARTPILOT_API_URL: optionalUrl,
  // A merchant event signed longer ago than this (either way) is refused as a possible replay.
  MERCHANT_WEBHOOK_TOLERANCE_SEC: z.coerce.number().int().min(30).max(3_600).default(300),
  GEMINI_BASE_URL: optionalUrl,
  GEMINI_MODEL: z.string().default('gemini-2.5-flash'),
  // Which Gemini backend: the Gemini API with the gemini-api-key secret, or Vertex AI with the
  // function's own service account (roles/aiplatform.user, infra/service-accounts.tf).
  GEMINI_BACKEND: z.enum(['api-key', 'vertex']).default('api-key'),
  GEMINI_VERTEX_PROJECT: z.string().min(1).optional(),
  GEMINI_VERTEX_LOCATION: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .default('global'),
  // The digest summary: its model (default GEMINI_MODEL) and thinking budget (default: the least
  // that model allows, see gemini/gemini-thinking.ts; -1 = dynamic).
  GEMINI_SUMMARY_MODEL: z.string().optional(),
  GEMINI_SUMMARY_THINKING_BUDGET: z.coerce.number().int().min(-1).max(32_768).optional(),
  // Mail sorting (shared/actions/gmail/mail-sort.ts): its model (default GEMINI_MODEL) and how many
  // messages the model may sort per user per UTC day; past it, messages stay unsorted.
  GEMINI_MAIL_SORT_MODEL: z.string().optional(),
  MAIL_SORT_DAILY_LIMIT: z.coerce.number().int().min(0).max(10_000).default(300),
  // Orchestrator governance (per chat turn / per user per day).
  GEMINI_MAX_STEPS: z.coerce.number().int().min(1).max(50).default(8),
  GEMINI_MAX_TOOL_CALLS: z.coerce.number().int().min(1).max(200).default(24),
  GEMINI_TURN_DEADLINE_MS: z.coerce.number().int().min(1_000).max(600_000).default(100_000),
  GEMINI_DAILY_TOKEN_BUDGET: z.coerce.number().int().min(1).default(2_000_000),
  // Tokens one model step holds of the day's budget while it runs (settled to what it spent).
  GEMINI_STEP_TOKEN_RESERVE: z.coerce.number().int().min(1).default(16_000),
  GEMINI_MAX_CONCURRENT_TURNS: z.coerce.number().int().min(1).max(50).default(3),
  PUBLIC_BASE_URL: z.url().optional(),
  // Per-user request limits per function class (requests per minute; 0 = no limit), and whether
  // anonymous (guest) Firebase users may call at all. See shared/http/throttle.ts.
  RATE_LIMIT_READS_PER_MIN: z.coerce.number().int().min(0).default(120),
  RATE_LIMIT_WRITES_PER_MIN: z.coerce.number().int().min(0).default(30),
  RATE_LIMIT_CHAT_PER_MIN: z.coerce.number().int().min(0).default(20),
  RATE_LIMIT_SEARCH_PER_MIN: z.coerce.number().int().min(0).default(10),
  ALLOW_ANONYMOUS_USERS: bool.default(false),
  CONSOLE_URL: z.url().optional(),
  MCP_ALLOWED_HOSTS: csv.default([]),
  MCP_ALLOWED_ORIGINS: csv.default([]),
  OAUTH_RETURN_TO_ALLOWLIST: csv.default([]),
  SANDBOX: bool.default(false),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  READ_DEADLINE_MS: z.coerce.number().int().min(100).max(300_000).default(25_000),
  // Refresh single-flight: how long one caller may hold a connection's refresh lease (it must
  // cover the token call and its retries), and how long the others wait for it before giving up.
  TOKEN_REFRESH_LEASE_MS: z.coerce.number().int().min(200).max(120_000).default(30_000),
  TOKEN_REFRESH_WAIT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  // Read actions may use a connection this instance read from Firestore at most this long ago
  // (0: always read). It bounds how long another instance's default/alias change or a
  // disconnect whose provider revoke failed goes unseen; see ConnectionsStore.listForUse.
  CONNECTION_REUSE_SEC: z.coerce.number().int().min(0).max(300).default(30),
  // Triggers (Pub/Sub push, Scheduler, Calendar channels) — see shared/triggers/service-auth.ts.
  GOOGLE_OIDC_JWKS_URL: z.url().default('https://www.googleapis.com/oauth2/v3/certs'),
  PUSH_SERVICE_ACCOUNT_EMAIL: z.email().optional(),
  SCHEDULER_SERVICE_ACCOUNT_EMAIL: z.email().optional(),
  PUSH_AUDIENCE_BASE_URL: optionalUrl,
  GMAIL_PUSH_TOPIC: z
    .string()
    .regex(/^projects\/[^/]+\/topics\/[^/]+$/)
    .optional(),
  DIGESTS_TOPIC: z
    .string()
    .regex(/^projects\/[^/]+\/topics\/[^/]+$/)
    .optional(),
  PUBSUB_EMULATOR_HOST: z
    .string()
    .regex(/^[\w.-]+:\d+$/)
    .optional(),
  // Scheduled sends (shared/scheduled/): the Cloud Tasks queue, the account whose OIDC token each
  // task carries (default: the push account), and a loopback Cloud Tasks (host:port) for the sandbox.
  SCHEDULED_SENDS_QUEUE: z
    .string()
    .regex(/^projects\/[^/]+\/locations\/[^/]+\/queues\/[^/]+$/)
    .optional(),
  TASKS_SERVICE_ACCOUNT_EMAIL: z.email().optional(),
  CLOUD_TASKS_ENDPOINT: z
    .string()
    .regex(/^[\w.-]+:\d+$/)
    .optional(),
});

export type AuthMode = 'firebase' | 'dev';
export type ThrottleClass = 'reads' | 'writes' | 'chat' | 'search';

export interface TriggersConfig {
  /** Google's OIDC signing keys (Pub/Sub push and Scheduler tokens). */
  oidcJwksUrl: string;
  /** The one account whose OIDC tokens Pub/Sub pushes may carry. */
  pushServiceAccount?: string;
  /** The account Cloud Scheduler calls with (default: the push account). */
  schedulerServiceAccount?: string;
  /** Tokens are minted for `${audienceBaseUrl}/<function-name>` (default: PUBLIC_BASE_URL). */
  audienceBaseUrl?: string;
  gmailPushTopic?: string;
  digestsTopic?: string;
  pubsubEmulatorHost?: string;
  /** The queue scheduled sends are enqueued on (projects/P/locations/L/queues/Q). */
  scheduledSendsQueue?: string;
  /** The account Cloud Tasks mints each task's OIDC token as (default: the push account). */
  tasksServiceAccount?: string;
  /** A loopback Cloud Tasks (host:port) instead of cloudtasks.googleapis.com. */
  cloudTasksEndpoint?: string;
}

export interface Config {
  authMode: AuthMode;
  projectId: string;
  firebaseProjectId: string;
  firebaseJwksUrl: string;
  firestore: { emulatorHost?: string; databaseId: string; preferRest: boolean };
  secretManager: { endpoint?: string; cacheTtlMs: number; filesDir?: string };
  google: {
    apiRootUrl?: string;
    tokenUrl: string;
    authUrl: string;
    revokeUrl: string;
    userinfoUrl: string;
    clientId?: string;
  };
  x: { apiBaseUrl?: string; authUrl: string; clientId?: string };
  cartpilot: { apiUrl?: string; webhookToleranceSec: number };
  gemini: {
    baseUrl?: string;
    /** Set when GEMINI_BACKEND=vertex: Vertex AI in this project and location, no API key. */
    vertex?: { project: string; location: string };
    model: string;
    maxSteps: number;
    maxToolCalls: number;
    turnDeadlineMs: number;
    dailyTokenBudget: number;
    stepTokenReserve: number;
    maxConcurrentTurns: number;
    /** The digest summary's model (and the setting that chose it) and, when set, its thinking budget. */
    summary: { model: string; modelSetting: 'GEMINI_SUMMARY_MODEL' | 'GEMINI_MODEL'; thinkingBudget?: number };
    /** Mail sorting's model (and the setting that chose it) and its per-user daily message bound. */
    mailSort: { model: string; modelSetting: 'GEMINI_MAIL_SORT_MODEL' | 'GEMINI_MODEL'; dailyLimit: number };
  };
  publicBaseUrl?: string;
  /** Requests per minute per user, by function class; 0 = unlimited. */
  rateLimits: Record<ThrottleClass, number>;
  allowAnonymousUsers: boolean;
  /** Where the web console lives (approval links point into it); default PUBLIC_BASE_URL. */
  consoleUrl?: string;
  /** The MCP function's DNS-rebinding defence: hosts and browser origins accepted beside the defaults. */
  mcp: { allowedHosts: string[]; allowedOrigins: string[] };
  returnToAllowlist: string[];
  sandbox: boolean;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  upstreamTimeoutMs: number;
  readDeadlineMs: number;
  tokenRefresh: { leaseMs: number; maxWaitMs: number };
  connectionReuseMs: number;
  triggers: TriggersConfig;
  onCloudRun: boolean;
  /** Dev mode only: secret values given as environment variables (TOKEN_ENCRYPTION_KEY, ...). */
  devSecrets: Partial<Record<SecretName, string>>;
}

/** Every secret the backend reads, by its Secret Manager name. */
export const SECRET_NAMES = [
  'token-encryption-key',
  'google-oauth-client-secret',
  'x-client-secret',
  'youtube-api-key',
  'cartpilot-api-key',
  'gemini-api-key',
  'merchant-webhook-secret',
] as const;
export type SecretName = (typeof SECRET_NAMES)[number];

/**
 * Secrets that may be mounted as files. Not token-encryption-key: a mounted file holds a value
 * but not its version number, and that number is part of every ciphertext (its key version and
 * AAD) and must name older versions to decrypt with, so that key is read through the API only.
 */
export const MOUNTABLE_SECRETS: readonly SecretName[] = SECRET_NAMES.filter((n) => n !== 'token-encryption-key');

export function secretEnvName(name: SecretName): string {
  return name.toUpperCase().replace(/-/g, '_');
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(stripEmpty(env));
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`Invalid configuration: ${fields}`);
  }
  const e = parsed.data;
  const onCloudRun = Boolean(e.K_SERVICE);
  // Dev identity trusts any caller; it must never be reachable on a deployed function.
  if (e.AUTH_MODE === 'dev' && onCloudRun) {
    throw new ConfigError('AUTH_MODE=dev is refused on Cloud Run (K_SERVICE is set).');
  }
  const projectId = e.GOOGLE_CLOUD_PROJECT ?? e.GCLOUD_PROJECT;
  if (!projectId) throw new ConfigError('GOOGLE_CLOUD_PROJECT is required (no metadata-server lookup is done).');
  return {
    authMode: e.AUTH_MODE,
    projectId,
    firebaseProjectId: e.FIREBASE_PROJECT_ID ?? projectId,
    firebaseJwksUrl: e.FIREBASE_JWKS_URL,
    firestore: { emulatorHost: e.FIRESTORE_EMULATOR_HOST, databaseId: e.FIRESTORE_DATABASE_ID, preferRest: e.FIRESTORE_PREFER_REST },
    secretManager: { endpoint: e.SECRET_MANAGER_ENDPOINT, cacheTtlMs: e.SECRET_CACHE_TTL_SEC * 1000, filesDir: e.SECRET_FILES_DIR },
    google: {
      apiRootUrl: e.GOOGLE_API_ROOT_URL,
      tokenUrl: e.GOOGLE_OAUTH_TOKEN_URL,
      authUrl: e.GOOGLE_OAUTH_AUTH_URL,
      revokeUrl: e.GOOGLE_OAUTH_REVOKE_URL,
      userinfoUrl: e.GOOGLE_USERINFO_URL,
      clientId: e.GOOGLE_OAUTH_CLIENT_ID,
    },
    x: { apiBaseUrl: e.X_API_BASE_URL, authUrl: e.X_OAUTH_AUTH_URL, clientId: e.X_CLIENT_ID },
    cartpilot: { apiUrl: e.CARTPILOT_API_URL, webhookToleranceSec: e.MERCHANT_WEBHOOK_TOLERANCE_SEC },
    gemini: {
      baseUrl: e.GEMINI_BASE_URL,
      vertex: e.GEMINI_BACKEND === 'vertex' ? { project: e.GEMINI_VERTEX_PROJECT ?? projectId, location: e.GEMINI_VERTEX_LOCATION } : undefined,
      model: e.GEMINI_MODEL,
      maxSteps: e.GEMINI_MAX_STEPS,
      maxToolCalls: e.GEMINI_MAX_TOOL_CALLS,
      turnDeadlineMs: e.GEMINI_TURN_DEADLINE_MS,
      dailyTokenBudget: e.GEMINI_DAILY_TOKEN_BUDGET,
      stepTokenReserve: e.GEMINI_STEP_TOKEN_RESERVE,
      maxConcurrentTurns: e.GEMINI_MAX_CONCURRENT_TURNS,
      summary: {
        model: e.GEMINI_SUMMARY_MODEL ?? e.GEMINI_MODEL,
        modelSetting: e.GEMINI_SUMMARY_MODEL ? 'GEMINI_SUMMARY_MODEL' : 'GEMINI_MODEL',
        thinkingBudget: e.GEMINI_SUMMARY_THINKING_BUDGET,
      },
      mailSort: {
        model: e.GEMINI_MAIL_SORT_MODEL ?? e.GEMINI_MODEL,
        modelSetting: e.GEMINI_MAIL_SORT_MODEL ? 'GEMINI_MAIL_SORT_MODEL' : 'GEMINI_MODEL',
        dailyLimit: e.MAIL_SORT_DAILY_LIMIT,
      },
    },
    publicBaseUrl: e.PUBLIC_BASE_URL,
    rateLimits: {
      reads: e.RATE_LIMIT_READS_PER_MIN,
      writes: e.RATE_LIMIT_WRITES_PER_MIN,
      chat: e.RATE_LIMIT_CHAT_PER_MIN,
      search: e.RATE_LIMIT_SEARCH_PER_MIN,
    },
    allowAnonymousUsers: e.ALLOW_ANONYMOUS_USERS,
    consoleUrl: (e.CONSOLE_URL ?? e.PUBLIC_BASE_URL)?.replace(/\/+$/, ''),
    mcp: { allowedHosts: e.MCP_ALLOWED_HOSTS.map((h) => h.toLowerCase()), allowedOrigins: e.MCP_ALLOWED_ORIGINS.map((o) => o.replace(/\/+$/, '')) },
    returnToAllowlist: e.OAUTH_RETURN_TO_ALLOWLIST,
    sandbox: e.SANDBOX,
    logLevel: e.LOG_LEVEL,
    upstreamTimeoutMs: e.UPSTREAM_TIMEOUT_MS,
    readDeadlineMs: e.READ_DEADLINE_MS,
    tokenRefresh: { leaseMs: e.TOKEN_REFRESH_LEASE_MS, maxWaitMs: e.TOKEN_REFRESH_WAIT_MS },
    connectionReuseMs: e.CONNECTION_REUSE_SEC * 1000,
    triggers: {
      oidcJwksUrl: e.GOOGLE_OIDC_JWKS_URL,
      pushServiceAccount: e.PUSH_SERVICE_ACCOUNT_EMAIL,
      schedulerServiceAccount: e.SCHEDULER_SERVICE_ACCOUNT_EMAIL ?? e.PUSH_SERVICE_ACCOUNT_EMAIL,
      audienceBaseUrl: (e.PUSH_AUDIENCE_BASE_URL ?? e.PUBLIC_BASE_URL)?.replace(/\/+$/, ''),
      gmailPushTopic: e.GMAIL_PUSH_TOPIC,
      digestsTopic: e.DIGESTS_TOPIC,
      pubsubEmulatorHost: e.PUBSUB_EMULATOR_HOST,
      scheduledSendsQueue: e.SCHEDULED_SENDS_QUEUE,
      tasksServiceAccount: e.TASKS_SERVICE_ACCOUNT_EMAIL ?? e.PUSH_SERVICE_ACCOUNT_EMAIL,
      cloudTasksEndpoint: e.CLOUD_TASKS_ENDPOINT,
    },
    onCloudRun,
    devSecrets: e.AUTH_MODE === 'dev' ? pickDevSecrets(env) : {},
  };
}

function pickDevSecrets(env: Record<string, string | undefined>): Partial<Record<SecretName, string>> {
  const out: Partial<Record<SecretName, string>> = {};
  for (const name of SECRET_NAMES) {
    const value = env[secretEnvName(name)];
    if (value) out[name] = value;
  }
  return out;
}

/** An empty variable means "unset" (shells and CI templates often export FOO=). */
function stripEmpty(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') out[k] = v;
  return out;
}
