import { AppError } from '../errors';
import { registerSecretValue } from '../log';
import type { GoogleSession } from './google-session';
import type { XSession } from './x-session';
import type { SessionDeps } from './session-deps';
import type { ConnectionProvider, ListedForUse } from './connections-store';

// Per-request access to upstream clients, bound to the caller. Sessions are opened on demand
// (and their modules imported on demand), so a function only loads the SDKs it uses.

export interface SessionOptions {
  /**
   * The session will only read. It may then use the connection as this instance read it within
   * CONNECTION_REUSE_SEC instead of reading Firestore again; anything sent, posted or changed
   * must leave this unset, so it acts on the account as it stands now.
   */
  readOnly?: boolean;
}

export interface ProviderClients {
  google(scopes: readonly string[], account?: string, opts?: SessionOptions): Promise<GoogleSession>;
  x(scopes: readonly string[], account?: string): Promise<XSession>;
  youtubeApiKey(): Promise<string>;
  /**
   * True when a session of this request used a remembered connection; sessions opened from now
   * on read Firestore. A read that failed for an account reason (reconnect needed, permission
   * missing) is worth running once more then: the account may have changed on another instance.
   */
  readAfreshIfReused(): boolean;
  /**
   * Starts the read of the caller's connections of `provider` that the action's session will
   * start from, so that it overlaps what the request waits on first (its rate-limit count, its
   * idempotency claim) instead of following it. The session opened next takes that read once, if
   * it is as fresh as the session needs (`readOnly`: as the session's own option); a failure is
   * reported by the session, not here.
   */
  readAhead(provider: ConnectionProvider, opts?: SessionOptions): void;
}

export function createProviderClients(deps: Omit<SessionDeps, 'listConnections'>): ProviderClients {
  let mayReuse = true;
  let reused = false;
  const maxAgeFor = (opts: SessionOptions) => (opts.readOnly && mayReuse ? deps.config.connectionReuseMs : 0);
  const ahead = new Map<ConnectionProvider, { maxAgeMs: number; listed: Promise<ListedForUse> }>();
  const sessionDeps: SessionDeps = {
    ...deps,
    listConnections(provider, maxAgeMs) {
      const early = ahead.get(provider);
      ahead.delete(provider);
      // At most as old as asked for: a read-ahead that may be remembered does not serve a session that must read now.
      if (early && early.maxAgeMs <= maxAgeMs) return early.listed;
      return deps.connections.listForUse(deps.uid, provider, { maxAgeMs });
    },
  };
  return {
    async google(scopes, account, opts = {}) {
      const { openGoogleSession } = await import('./google-session');
      return openGoogleSession(sessionDeps, scopes, account, maxAgeFor(opts), () => (reused = true));
    },
    async x(scopes, account) {
      const { openXSession } = await import('./x-session');
      return openXSession(sessionDeps, scopes, account);
    },
    readAhead(provider, opts = {}) {
      if (ahead.has(provider)) return;
      const maxAgeMs = provider === 'google' ? maxAgeFor(opts) : 0;
      const listed = deps.connections.listForUse(deps.uid, provider, { maxAgeMs });
      // Nobody may take it (the rate limit refused the request): its failure must not go unhandled.
      listed.catch(() => undefined);
      ahead.set(provider, { maxAgeMs, listed });
    },
    async youtubeApiKey() {
      if (!(await deps.secrets.has('youtube-api-key'))) {
        throw new AppError('not_connected', 'YouTube search is not configured on this server (no youtube-api-key).', {
          details: { provider: 'youtube', configured: false },
        });
      }
      const key = (await deps.secrets.get('youtube-api-key')).value;
      registerSecretValue(key);
      return key;
    },
    readAfreshIfReused() {
      mayReuse = false;
      const was = reused;
      reused = false;
      return was;
    },
  };
}
