import type { Config } from '../config';
import { AppError, missingConfig } from '../errors';
import type { Logger } from '../log';
import type { SecretSource } from '../secrets';
import type { ConnectionInfo, ConnectionsStore } from '../connections/connections-store';
import type { OAuthProvider, OAuthStateStore } from './oauth-states-store';

// What the connect flow (oauth-start, oauth-callback, connections) works with.

export interface OAuthFlowDeps {
  config: Config;
  secrets: SecretSource;
  connections: ConnectionsStore;
  states: OAuthStateStore;
  log: Logger;
  /** Random, URL-safe, unguessable (the state value). */
  random: () => string;
  now: () => Date;
  /** Runs after a connection is saved (e.g. starting Gmail/Calendar push); must not throw. */
  afterConnect?: (uid: string, connection: ConnectionInfo) => Promise<void>;
  /** Runs before a connection is deleted (e.g. stopping push); must not throw. */
  beforeDisconnect?: (uid: string, connection: ConnectionInfo) => Promise<void>;
}

/** The callback URL registered with the provider; one per provider (mix-up defence). */
export function callbackUrl(config: Config, provider: OAuthProvider): string {
  if (!config.publicBaseUrl) throw missingConfig('PUBLIC_BASE_URL', 'OAuth callbacks need it.');
  return `${config.publicBaseUrl.replace(/\/+$/, '')}/oauth-callback/${provider}`;
}

export function oauthClientId(config: Config, provider: OAuthProvider): string {
  const id = provider === 'google' ? config.google.clientId : config.x.clientId;
  if (!id)
    throw new AppError('not_connected', `${provider === 'google' ? 'Google' : 'X'} is not configured on this server.`, {
      details: { provider, configured: false },
    });
  return id;
}
