import type { Config } from '../config';
import type { Logger } from '../log';
import type { SecretSource } from '../secrets';
import type { ConnectionProvider, ConnectionsStore, ListedForUse } from './connections-store';

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
   * read this request started ahead of time (ProviderClients.readAhead).
   */
  listConnections: (provider: ConnectionProvider, maxAgeMs: number) => Promise<ListedForUse>;
}
