import type { Config } from '../config';
import { capabilitiesFor } from './scopes';

// Where a user goes to (re)connect an account with the scopes an action needs. Returned in
// not_connected / reauth_required errors so the assistant's app can send the user there. With no
// scopes named (a reconnect), oauth-start asks again for what the account had.
export function connectUrl(config: Config, provider: 'google' | 'x', scopes: readonly string[], account?: string): string {
  const params = new URLSearchParams({ provider });
  const capabilities = capabilitiesFor(provider, scopes);
  if (capabilities.length > 0) params.set('capabilities', capabilities.join(','));
  if (account) params.set('account', account);
  return `${config.publicBaseUrl ?? ''}/oauth-start?${params.toString()}`;
}
