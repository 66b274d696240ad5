import { z } from 'zod';
import { AppError } from '../errors';
import { parseInput } from '../http/validate-input';
import type { ConnectionInfo } from '../connections/connections-store';
import type { OAuthProvider } from './oauth-states-store';
import { googleConsentUrl } from '../providers/google/google-oauth';
import { xConsentUrl } from '../providers/x/x-oauth';
import { scopesForCapabilities } from './capabilities';
import { callbackUrl, oauthClientId, type OAuthFlowDeps } from './flow-deps';
import { createPkcePair } from './pkce';
import { checkReturnTo } from './return-to';
import { browserSecretHash } from './browser-binding';
import { ALIAS_PATTERN, ALIAS_RULE } from '../connections/account-alias';

// oauth-start: validates everything first (provider configured, capabilities known, return_to
// allow-listed, alias usable), then stores a one-time state bound to the caller and builds the
// provider's consent URL. Nothing is stored for a request that will be refused.

const StartQuery = z.object({
  provider: z.enum(['google', 'x']),
  capabilities: z.string().max(500).optional(),
  account: z.string().trim().min(1).max(320).optional(),
  return_to: z.string().max(4096).optional(),
  mode: z.enum(['redirect', 'json']).default('redirect'),
});

export interface StartResult {
  url: string;
  expiresAt: Date;
  mode: 'redirect' | 'json';
}

/** `browserSecret`: the starting browser's binding secret (its cookie; browser-binding.ts). */
export async function startConnect(deps: OAuthFlowDeps, uid: string, query: unknown, browserSecret: string): Promise<StartResult> {
  const q = parseInput(StartQuery, query);
  const clientId = oauthClientId(deps.config, q.provider);
  const returnTo = q.return_to === undefined ? undefined : checkReturnTo(q.return_to, deps.config.returnToAllowlist);
  const target = await resolveAccount(deps, uid, q.provider, q.account);
  const scopes = scopesForCapabilities(q.provider, q.capabilities, target.existing?.scopes);
  const redirectUri = callbackUrl(deps.config, q.provider);
  const pkce = createPkcePair();
  const state = deps.random();
  const expiresAt = await deps.states.create(state, {
    uid,
    provider: q.provider,
    scopes,
    redirectUri,
    codeVerifier: pkce.verifier,
    alias: target.alias,
    returnTo,
    browserHash: browserSecretHash(browserSecret),
  });
  const request = { redirectUri, scopes, state, codeChallenge: pkce.challenge, loginHint: target.loginHint };
  const url = q.provider === 'google' ? googleConsentUrl(deps.config, clientId, request) : xConsentUrl(deps.config, clientId, request);
  return { url, expiresAt, mode: q.mode };
}

interface AccountTarget {
  existing?: ConnectionInfo;
  alias?: string;
  loginHint?: string;
}

/** `account` names a connected account (reconnect), an email to sign in as, or a new alias. */
async function resolveAccount(deps: OAuthFlowDeps, uid: string, provider: OAuthProvider, account: string | undefined): Promise<AccountTarget> {
  if (!account) return {};
  const h = account.toLowerCase();
  const existing = (await deps.connections.list(uid, provider)).find((c) => [c.alias, c.email, c.username, c.account].some((v) => v?.toLowerCase() === h));
  if (existing) return { existing, alias: existing.alias, loginHint: existing.email };
  if (account.includes('@')) return { loginHint: account };
  if (!ALIAS_PATTERN.test(account)) {
    throw new AppError('invalid_input', `account must be a connected account, an email, or an alias of ${ALIAS_RULE}.`, {
      details: { parameter: 'account' },
    });
  }
  return { alias: account };
}
