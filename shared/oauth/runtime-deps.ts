import type { Runtime } from '../runtime/runtime';
import { OAuthStateStore } from './oauth-states-store';
import { googleWatchHooks } from '../triggers/account-watches';
import { TokenCipher } from '../connections/token-crypto';
import type { OAuthFlowDeps } from './flow-deps';

// The connect flow's dependencies from the instance runtime. The state store is built here rather
// than added to the shared Stores: only the three OAuth functions use it. Connecting a Google
// account starts its Gmail/Calendar pushes; disconnecting stops them.
const WATCH_DEADLINE_MS = 15_000;

export function oauthDeps(runtime: Runtime, requestLog = runtime.log, requestId = 'oauth'): OAuthFlowDeps {
  const now = () => runtime.clock.now();
  const contextFor = (uid: string) => runtime.contextFor({ uid, via: 'service' }, requestId, AbortSignal.timeout(WATCH_DEADLINE_MS));
  return {
    config: runtime.config,
    secrets: runtime.secrets,
    connections: runtime.stores.connections,
    states: new OAuthStateStore(runtime.stores.db, new TokenCipher(runtime.secrets), now),
    log: requestLog,
    random: () => runtime.ids.random(),
    now,
    ...googleWatchHooks(contextFor),
  };
}
