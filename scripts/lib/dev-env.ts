// How `npm start` decides between the offline sandbox and real providers, and the config env it
// hands loadConfig in each case. process.env is only read here and never written.

type Env = Record<string, string | undefined>;

/** Any of these means someone configured real upstreams (or a real Secret Manager / project). */
export const REAL_MODE_MARKERS = [
  'GOOGLE_OAUTH_CLIENT_ID',
  'X_CLIENT_ID',
  'CARTPILOT_API_URL',
  'SECRET_MANAGER_ENDPOINT',
  'GOOGLE_APPLICATION_CREDENTIALS',
] as const;

/**
 * Settings a developer may still tune in the sandbox; everything else comes from the fakes.
 * CONSOLE_URL: a console served from another origin (chat and approvals answer CORS for it).
 */
const SANDBOX_PASSTHROUGH = ['GOOGLE_CLOUD_PROJECT', 'LOG_LEVEL', 'UPSTREAM_TIMEOUT_MS', 'READ_DEADLINE_MS', 'GEMINI_MODEL', 'CONSOLE_URL'] as const;

export interface DevMode {
  sandbox: boolean;
  reason: string;
}

export function chooseMode(env: Env): DevMode {
  const explicit = env.SANDBOX?.trim().toLowerCase();
  if (explicit === 'true' || explicit === '1') return { sandbox: true, reason: 'SANDBOX=true' };
  if (explicit === 'false' || explicit === '0') return { sandbox: false, reason: 'SANDBOX=false' };
  const markers = REAL_MODE_MARKERS.filter((name) => Boolean(env[name]));
  if (markers.length > 0) return { sandbox: false, reason: `${markers.join(', ')} set` };
  return { sandbox: true, reason: 'no provider credentials configured' };
}

/**
 * True under `npm start` / `npx`: npm runs the script through `sh -c`, and killing npm alone kills
 * that shell without passing the signal on, so only then does the host watch for being orphaned.
 */
export function launchedByNpm(env: Env): boolean {
  return Boolean(env.npm_lifecycle_event || env.npm_command);
}

/** The port to listen on: PORT, default 8080; 0 picks a free one (resolved by the caller). */
export function requestedPort(env: Env): number {
  const raw = env.PORT ?? '8080';
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`PORT must be a port number, got "${raw}".`);
  return port;
}

/** Real mode: the environment as is, with dev identity by default and the chosen emulator. */
export function realConfigEnv(env: Env, emulatorHost: string): Env {
  return { ...env, AUTH_MODE: env.AUTH_MODE ?? 'dev', FIRESTORE_EMULATOR_HOST: emulatorHost };
}

/** Sandbox: the fakes' env, plus the few tunables above and the emulator. */
export function sandboxConfigEnv(env: Env, sandboxEnv: Record<string, string>, emulatorHost: string): Env {
  const out: Env = { ...sandboxEnv, FIRESTORE_EMULATOR_HOST: emulatorHost };
  for (const name of SANDBOX_PASSTHROUGH) if (env[name]) out[name] = env[name];
  return out;
}
