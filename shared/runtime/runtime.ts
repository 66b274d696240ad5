import { randomBytes } from 'node:crypto';
import type { Firestore } from '@google-cloud/firestore';
import { loadConfig, MOUNTABLE_SECRETS, type Config, type SecretName } from '../config';
import type { Clock, IdGenerator, Stores, ActionContext, VertexAuthClient } from './context';
import { createLogger, hashUserId, type LogFields, type Logger, type LogSink } from '../log';
import { SecretManagerSource, type SecretSource } from '../secrets';
import { createCallerVerifier, type Caller, type CallerVerifier } from '../auth/identity';
import { TokenCipher } from '../connections/token-crypto';
import { ConnectionsStore } from '../connections/connections-store';
import { IdempotencyStore } from '../store/idempotency';
import { CacheStore } from '../store/cache';
import { Throttle } from '../store/throttle';
import { EffectStore } from '../store/effects/effects-store';
import { createFirestore } from '../store/firestore';
import { createProviderClients } from '../connections/provider-clients';

// Everything a function instance shares across requests, built once per instance and lazily:
// nothing here connects anywhere until a request needs it.

export interface Runtime {
  config: Config;
  log: Logger;
  clock: Clock;
  ids: IdGenerator;
  secrets: SecretSource;
  stores: Stores;
  verifyCaller: CallerVerifier;
  /** The function's own Google credentials (Vertex AI); unset: Application Default Credentials. */
  googleAuth?: VertexAuthClient;
  /** `trace`: Cloud Logging trace fields (shared/http/trace-context.ts) added to the request's logger. */
  contextFor(caller: Caller, requestId: string, signal: AbortSignal, trace?: LogFields): ActionContext;
  /** Forgets what the instance remembers of Firestore (connections, cache entries): for tools that rewrite the database underneath a live instance. */
  forgetRemembered(): void;
}

export interface RuntimeOverrides {
  config?: Config;
  logSink?: LogSink;
  clock?: Clock;
  ids?: IdGenerator;
  secrets?: SecretSource;
  verifyCaller?: CallerVerifier;
  googleAuth?: VertexAuthClient;
}

export function createRuntime(overrides: RuntimeOverrides = {}): Runtime {
  const config = overrides.config ?? loadConfig();
  const log = createLogger({ sink: overrides.logSink, level: config.logLevel });
  const clock = overrides.clock ?? { now: () => new Date() };
  const ids = overrides.ids ?? { random: () => randomBytes(16).toString('base64url') };
  const secrets = overrides.secrets ?? new SecretManagerSource(config, () => clock.now().getTime());
  let firestore: Promise<Firestore> | undefined;
  const db = () => (firestore ??= createFirestore(config));
  const now = () => clock.now();
  const stores: Stores = {
    db,
    connections: new ConnectionsStore(db, new TokenCipher(secrets), now),
    idempotency: new IdempotencyStore(db, now),
    cache: new CacheStore(db, now),
    throttle: new Throttle(db, config.rateLimits, () => clock.now().getTime()),
    effects: new EffectStore(db, now),
  };
  const verifyCaller = overrides.verifyCaller ?? createCallerVerifier(config);
  return {
    config,
    log,
    clock,
    ids,
    secrets,
    stores,
    verifyCaller,
    googleAuth: overrides.googleAuth,
    contextFor(user, requestId, signal, trace = {}) {
      const reqLog = log.child({ requestId, ...trace, user: hashUserId(user.uid) });
      const clients = createProviderClients({ uid: user.uid, config, connections: stores.connections, secrets, log: reqLog, now: () => clock.now().getTime() });
      return { user, requestId, config, clock, ids, log: reqLog, secrets, stores, clients, signal, googleAuth: overrides.googleAuth };
    },
    forgetRemembered() {
      stores.connections.forgetAllRecent();
      stores.cache.forgetRemembered();
    },
  };
}

/** One runtime per instance, created on the first request (never at import). */
let instanceRuntime: Runtime | undefined;
function instanceRuntimeFromEnv(): Runtime {
  return (instanceRuntime ??= createRuntime());
}

/**
 * instanceRuntimeFromEnv for a function that reads `secrets` (its manifest entry). A secret that is
 * never mounted (token-encryption-key) is read through the Secret Manager API, whose client takes
 * tens of ms of CPU to build and then a round trip; left to the request, both come after the
 * request's first Firestore calls (caller, rate limit, record). Started with the runtime, once the
 * Firestore client is built and the request is waiting on its first call (setImmediate), they fill
 * that wait instead. The read is the one the request makes anyway (same cache entry); a failure
 * is left for that read to report.
 */
export function instanceRuntimeReading(secrets: readonly SecretName[]): () => Runtime {
  const viaApi = secrets.filter((n) => !MOUNTABLE_SECRETS.includes(n));
  return () => {
    if (instanceRuntime) return instanceRuntime;
    const runtime = instanceRuntimeFromEnv();
    const read = () => viaApi.forEach((n) => runtime.secrets.get(n).catch(() => undefined));
    // After the Firestore client the request builds first anyway, while its first call is out.
    if (viaApi.length > 0) runtime.stores.db().then(() => setImmediate(read), read);
    return runtime;
  };
}
