import { actions } from '../actions';
import type { ProviderId } from '../actions/define-action';
import type { Config } from '../config';
import type { SecretSource } from '../secrets';
import { missingScopes } from '../connections/scopes';
import type { ConnectionInfo, ConnectionsStore } from '../connections/connections-store';

// What the calling user can do right now: per provider, whether the server is configured for
// it and which accounts are connected with which scopes; per action, whether it is available
// and if not, why. The orchestrator declares only the available actions to the model.

export interface ProviderStatus {
  configured: boolean;
  connected: boolean;
  reauth_required: boolean;
  accounts: { account: string; alias?: string; email?: string; username?: string; scopes: string[]; status: string; is_default: boolean }[];
}

export interface ActionAvailability {
  name: string;
  available: boolean;
  reason?: 'not_configured' | 'not_connected' | 'reauth_required' | 'missing_scopes';
}

export interface IntegrationsStatus {
  providers: Record<ProviderId, ProviderStatus>;
  actions: ActionAvailability[];
}

export async function integrationsStatus(
  uid: string,
  deps: { config: Config; secrets: SecretSource; connections: ConnectionsStore },
): Promise<IntegrationsStatus> {
  const [configured, connections] = await Promise.all([configuredProviders(deps.config, deps.secrets), deps.connections.list(uid)]);
  const providers = {} as Record<ProviderId, ProviderStatus>;
  for (const p of Object.keys(configured) as ProviderId[]) {
    const mine = connections.filter((c) => c.provider === p);
    providers[p] = {
      configured: configured[p],
      connected: mine.some((c) => c.status === 'active'),
      reauth_required: mine.some((c) => c.status === 'reauth_required'),
      accounts: mine.map((c) => ({
        account: c.account,
        alias: c.alias,
        email: c.email,
        username: c.username,
        scopes: c.scopes,
        status: c.status,
        is_default: c.isDefault,
      })),
    };
  }
  return { providers, actions: actions.map((a) => availability(a.name, a.provider, a.scopes, configured[a.provider], connections)) };
}

function availability(name: string, provider: ProviderId, scopes: readonly string[], configured: boolean, connections: ConnectionInfo[]): ActionAvailability {
  if (!configured) return { name, available: false, reason: 'not_configured' };
  if (provider !== 'google' && provider !== 'x') return { name, available: true };
  const mine = connections.filter((c) => c.provider === provider);
  if (mine.length === 0) return { name, available: false, reason: 'not_connected' };
  const usable = mine.filter((c) => c.status === 'active');
  if (usable.length === 0) return { name, available: false, reason: 'reauth_required' };
  if (!usable.some((c) => missingScopes(c.scopes, scopes).length === 0)) return { name, available: false, reason: 'missing_scopes' };
  return { name, available: true };
}

async function configuredProviders(config: Config, secrets: SecretSource): Promise<Record<ProviderId, boolean>> {
  const [googleSecret, xSecret, youtubeKey, cartpilotKey, tokenKey] = await Promise.all([
    secrets.has('google-oauth-client-secret'),
    secrets.has('x-client-secret'),
    secrets.has('youtube-api-key'),
    secrets.has('cartpilot-api-key'),
    secrets.has('token-encryption-key'),
  ]);
  return {
    google: Boolean(config.google.clientId) && googleSecret && tokenKey,
    x: Boolean(config.x.clientId) && xSecret && tokenKey,
    youtube: youtubeKey,
    cartpilot: Boolean(config.cartpilot.apiUrl) && cartpilotKey,
  };
}
