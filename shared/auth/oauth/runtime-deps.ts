import type { Runtime } from '../../runtime';
import { OAuthStateStore } from '../../store/oauth-states';
import { TokenCipher } from '../token-crypto';
import type { OAuthFlowDeps } from './flow-deps';

// The connect flow's dependencies from the instance runtime. The state store is built here rather
// than added to the shared Stores: only the three OAuth functions use it.
export function oauthDeps(runtime: Runtime, requestLog = runtime.log): OAuthFlowDeps {
  const now = () => runtime.clock.now();
  return {
    config: runtime.config,
    secrets: runtime.secrets,
    connections: runtime.stores.connections,
    states: new OAuthStateStore(runtime.stores.db, new TokenCipher(runtime.secrets), now),
    log: requestLog,
    random: () => runtime.ids.random(),
    now,
  };
}
