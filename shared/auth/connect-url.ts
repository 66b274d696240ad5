import type { Config } from '../config';
import { capabilitiesFor } from './scopes';

// Where a user goes to (re)connect an account with the scopes an action needs. Returned in
// not_connected / reauth_required errors so the assistant's app can send the user there.
export function connectUrl(config: Config, provider: 'google' | 'x', scopes: readonly string[], account?: string): string {
  const params = new URLSearchParams({ provider, capabilities: capabilitiesFor(provider, scopes).join(',') });
  if (account) params.set('account', account);
  return `${config.publicBaseUrl ?? ''}/oauth-start?${params.toString()}`;
}
