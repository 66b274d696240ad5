import { AppError } from '../errors';
import { registerSecretValue } from '../log';
import type { GoogleSession } from './google-session';
import type { XSession } from './x-session';
import type { SessionDeps } from './session-deps';

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
}

export function createProviderClients(deps: SessionDeps): ProviderClients {
  let mayReuse = true;
  let reused = false;
  return {
    async google(scopes, account, opts = {}) {
      const { openGoogleSession } = await import('./google-session');
      const maxAgeMs = opts.readOnly && mayReuse ? deps.config.connectionReuseMs : 0;
      return openGoogleSession(deps, scopes, account, maxAgeMs, () => (reused = true));
    },
    async x(scopes, account) {
      const { openXSession } = await import('./x-session');
      return openXSession(deps, scopes, account);
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
