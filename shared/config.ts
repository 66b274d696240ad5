import { EnvSchema } from './config-env';
import { SECRET_NAMES, type SecretName, secretEnvName } from './secret-names';

// The one reader of the environment. Everything else receives a Config.
// Endpoint overrides exist so the same code can talk to loopback fakes (tests, the offline
// sandbox) or a staging upstream; production leaves them unset and gets Google's/X's defaults.

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

export { MOUNTABLE_SECRETS, SECRET_NAMES, type SecretName } from './secret-names';

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
