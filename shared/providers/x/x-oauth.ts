import { z } from 'zod';
import type { Config } from '../../config';
import { AppError } from '../../errors';
import type { SecretSource } from '../../secrets';
import type { ConsentRequest, ProviderGrant } from '../oauth-types';
import { mapXError } from './x-errors';
import { xClient } from './x-client';

// X's side of the connect flow (OAuth 2.0 authorization code with PKCE, confidential client).
// https://docs.x.com/resources/fundamentals/authentication/oauth-2-0/authorization-code

export function xConsentUrl(config: Config, clientId: string, req: ConsentRequest): string {
  const url = new URL(config.x.authUrl);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: req.redirectUri,
    scope: req.scopes.join(' '),
    state: req.state,
    code_challenge: req.codeChallenge,
    code_challenge_method: 'S256',
  }).toString();
  return url.toString();
}

const Me = z.looseObject({ data: z.looseObject({ id: z.string(), username: z.string().optional() }) });

export interface XOAuthDeps {
  config: Config;
  secrets: SecretSource;
  now: () => number;
}

async function appClient(deps: XOAuthDeps) {
  const clientId = deps.config.x.clientId;
  if (!clientId) throw new AppError('not_connected', 'X is not configured on this server.', { details: { provider: 'x', configured: false } });
  const clientSecret = (await deps.secrets.get('x-client-secret')).value;
  return xClient(deps.config, { clientId, clientSecret });
}

export async function exchangeXCode(deps: XOAuthDeps, code: string, codeVerifier: string, redirectUri: string): Promise<ProviderGrant> {
  const app = await appClient(deps);
  // A code is single use (and lives 30 s at X): never retried.
  const login = await app.loginWithOAuth2({ code, codeVerifier, redirectUri }).catch((e: unknown) => {
    throw mapXError(e);
  });
  const me = Me.parse(
    await login.client.v2.me().catch((e: unknown) => {
      throw mapXError(e);
    }),
  );
  return {
    account: me.data.id,
    username: me.data.username,
    accessToken: login.accessToken,
    refreshToken: login.refreshToken,
    expiryDate: deps.now() + login.expiresIn * 1000,
    scopes: login.scope,
  };
}

/**
 * Revokes the token at X (either token ends the grant). True when X answered 2xx, false when
 * the outcome is unknown. https://docs.x.com/resources/fundamentals/authentication/oauth-2-0/user-access-token
 */
export async function revokeXToken(deps: XOAuthDeps, token: string, kind: 'refresh_token' | 'access_token'): Promise<boolean> {
  try {
    await (await appClient(deps)).revokeOAuth2Token(token, kind);
    return true;
  } catch {
    return false;
  }
}
