import { randomUUID } from 'node:crypto';
import { AppError, isAppError } from '../errors';
import type { Logger } from '../log';
import type { Connection, ConnectionsStore, ConnectionTokens } from './connections-store';
import { RefreshLeases, type LeaseKey } from './refresh-lease';
import { abortableSleep } from '../providers/retry';

// Refresh single-flight across every instance: concurrent requests that find an expired access
// token cause exactly one token-endpoint call. The lease holder refreshes (retrying transient
// failures), persists the new tokens — for X, the rotated pair — in one write that also ends the
// lease, and only then uses them; the others poll the document until the fresh token appears.
// Only a refusal of the grant itself (RefreshRejected) marks the connection reauth_required.

export type RefreshedTokens = ConnectionTokens & { accessToken: string; scopes?: string[] };

/** The provider refused the refresh token itself (Google invalid_grant, X 400/401). */
export class RefreshRejected extends Error {
  constructor(
    readonly reason: string,
    cause?: unknown,
  ) {
    super(`refresh rejected: ${reason}`, { cause });
  }
}

export interface RefreshOps {
  /** True when the stored access token can be used as is. */
  isFresh(c: Connection): boolean;
  /** One token-endpoint call; throws RefreshRejected or an AppError. */
  refresh(refreshToken: string): Promise<RefreshedTokens>;
  /** The reauth_required error this provider answers with. */
  reauthError(reason: string, cause?: unknown): AppError;
  /** Waits before retrying a transient failure; [] when the provider's SDK already retries. */
  retryDelaysMs?: readonly number[];
}

export interface SingleFlightDeps {
  key: LeaseKey;
  connections: ConnectionsStore;
  log: Logger;
  now: () => number;
  settings: { leaseMs: number; maxWaitMs: number; pollMs?: number };
  sleep?: (ms: number) => Promise<void>;
}

const DEFAULT_POLL_MS = 100;
/** Waits between token-call attempts on transient failures: two retries. */
const DEFAULT_RETRY_DELAYS_MS = [250, 1_000] as const;

/** A connection whose access token is fresh, refreshing it at most once across all callers. */
export async function freshConnection(deps: SingleFlightDeps, ops: RefreshOps): Promise<Connection> {
  const leases = new RefreshLeases(deps.connections, deps.now);
  const sleep = deps.sleep ?? ((ms: number) => abortableSleep(ms));
  const holder = randomUUID();
  const deadline = deps.now() + deps.settings.maxWaitMs;
  let waitingSince: number | undefined;
  for (;;) {
    const claim = await leases.claim(deps.key, holder, deps.settings.leaseMs, ops.isFresh, waitingSince);
    switch (claim.kind) {
      case 'fresh':
        return claim.connection;
      case 'gone':
        throw new AppError('not_connected', `The ${deps.key.provider} account was disconnected.`, { details: { provider: deps.key.provider } });
      case 'reauth':
        throw ops.reauthError(claim.connection.statusReason ?? 'reauth_required');
      case 'failed':
        throw unavailable(deps, 'The token refresh failed; try again shortly.');
      case 'acquired': {
        const refreshed = await refreshHolding(deps, ops, leases, holder, claim.connection);
        if (refreshed) return refreshed;
        break; // superseded by a rotation elsewhere: look again
      }
      case 'busy':
        waitingSince ??= deps.now();
        if (deps.now() >= deadline) throw unavailable(deps, 'Another request is still refreshing this connection; try again shortly.');
        await sleep((deps.settings.pollMs ?? DEFAULT_POLL_MS) * (0.5 + Math.random()));
    }
  }
}

/** Runs the refresh as lease holder. Undefined: the token was rotated elsewhere meanwhile. */
async function refreshHolding(
  deps: SingleFlightDeps,
  ops: RefreshOps,
  leases: RefreshLeases,
  holder: string,
  conn: Connection,
): Promise<Connection | undefined> {
  const refreshToken = conn.refreshToken;
  try {
    if (!refreshToken) throw new RefreshRejected('no_refresh_token');
    const tokens = await withRetries(deps, ops.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS, () => ops.refresh(refreshToken), isTransient);
    // Persisted before use: with X the old refresh token is already dead.
    const persist = () => deps.connections.updateTokens(deps.key.uid, deps.key.provider, conn.account, tokens);
    await withRetries(deps, DEFAULT_RETRY_DELAYS_MS, persist, isTransientStoreError).catch((e: unknown) => {
      deps.log.error('refreshed tokens could not be saved; the connection may need reconnecting', { provider: deps.key.provider, err: e });
      throw e;
    });
    return { ...conn, ...tokens, refreshToken: tokens.refreshToken ?? refreshToken, status: 'active', scopes: tokens.scopes ?? conn.scopes };
  } catch (e) {
    if (!(e instanceof RefreshRejected)) {
      await leases.releaseAfterFailure(deps.key, holder).catch((err: unknown) => deps.log.warn('could not release refresh lease', { err }));
      throw e;
    }
    const outcome = await leases.markRejected(deps.key, refreshToken, e.reason);
    if (outcome.kind === 'superseded') return undefined;
    deps.log.warn('grant refused by the provider; connection marked reauth_required', { provider: deps.key.provider, reason: e.reason });
    throw ops.reauthError(e.reason, e.cause);
  }
}

async function withRetries<T>(deps: SingleFlightDeps, delays: readonly number[], op: () => Promise<T>, transient: (e: unknown) => boolean): Promise<T> {
  const sleep = deps.sleep ?? ((ms: number) => abortableSleep(ms));
  for (let attempt = 0; ; attempt++) {
    try {
      return await op();
    } catch (e) {
      const delay = delays[attempt];
      if (delay === undefined || !transient(e)) throw e;
      deps.log.info('transient failure during token refresh; retrying', { provider: deps.key.provider, attempt: attempt + 1 });
      await sleep(delay * (0.75 + Math.random() / 2));
    }
  }
}

/** Network failures, timeouts, 5xx and 429 from the token endpoint are worth another try. */
function isTransient(e: unknown): boolean {
  return isAppError(e) && e.retryable;
}

// gRPC codes for a Firestore write worth repeating: ABORTED, DEADLINE_EXCEEDED, UNAVAILABLE.
function isTransientStoreError(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  return code === 10 || code === 4 || code === 14;
}

function unavailable(deps: SingleFlightDeps, message: string): AppError {
  // A refresh runs before any write is sent: whatever failed, the write never left.
  return new AppError('upstream_unavailable', message, { retryAfterSec: 1, noEffect: true, details: { provider: deps.key.provider, reason: 'token_refresh' } });
}
