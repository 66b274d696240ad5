import { z } from 'zod';

// The environment variables loadConfig reads, parsed once with zod (defaults and limits here;
// what they mean is in config.ts and the README's configuration table).

const optionalUrl = z.url().optional();
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const csv = z.string().transform((s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean),
);

export const EnvSchema = z.object({
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
