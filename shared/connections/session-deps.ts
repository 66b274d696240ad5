import type { Config } from '../config';
import type { Logger } from '../log';
import type { SecretSource } from '../secrets';
import type { ConnectionsStore } from './connections-store';

/** What opening (and refreshing) a caller's provider session needs: one shape for every provider. */
export interface SessionDeps {
  uid: string;
  config: Config;
  connections: ConnectionsStore;
  secrets: SecretSource;
  log: Logger;
  now: () => number;
}
