import type { Config } from '../config';
import type { Logger } from '../log';
import type { SecretSource } from '../secrets';
import type { ConnectionProvider, ConnectionsStore, UsableConnection } from './connections-store';

/** What opening (and refreshing) a caller's provider session needs: one shape for every provider. */
export interface SessionDeps {
  uid: string;
  config: Config;
  connections: ConnectionsStore;
  secrets: SecretSource;
  log: Logger;
  now: () => number;
  /**
   * The read of the caller's connections a session starts from: ConnectionsStore.listForUse, or a
   * read this request started ahead of time (ProviderClients.readAhead). Unset: listForUse.
   */
  listConnections?: (provider: ConnectionProvider, maxAgeMs: number) => Promise<{ entries: UsableConnection[]; reused: boolean }>;
}

/** The session's first read of the caller's connections of `provider` (see listConnections). */
export function listConnections(deps: SessionDeps, provider: ConnectionProvider, maxAgeMs = 0): Promise<{ entries: UsableConnection[]; reused: boolean }> {
  return deps.listConnections ? deps.listConnections(provider, maxAgeMs) : deps.connections.listForUse(deps.uid, provider, { maxAgeMs });
}
