import { z } from 'zod';
import type { Config } from '../../config';
import { AppError } from '../../errors';
import type { SecretSource } from '../../secrets';
import { mapGoogleError } from './google-errors';
import type { ConsentRequest, ProviderGrant } from '../oauth-types';

// Google's side of the connect flow: the consent URL, the code exchange (google-auth-library,
// with the PKCE verifier) and the identity of the account that consented.
// https://developers.google.com/identity/protocols/oauth2/web-server

export function googleConsentUrl(config: Config, clientId: string, req: ConsentRequest): string {
  const url = new URL(config.google.authUrl);
  const params: Record<string, string> = {
    client_id: clientId,
    redirect_uri: req.redirectUri,
    response_type: 'code',
    scope: req.scopes.join(' '),
    state: req.state,
    code_challenge: req.codeChallenge,
    code_challenge_method: 'S256',
    // A refresh token is only issued offline, and prompt=consent makes Google issue a new one
    // even when this client was authorised before (otherwise a reconnect gets none).
    access_type: 'offline',
    prompt: 'consent',
    // Incremental authorisation: granting gmail.send later keeps the calendar grant.
    include_granted_scopes: 'true',
  };
  if (req.loginHint) params.login_hint = req.loginHint;
  url.search = new URLSearchParams(params).toString();
  return url.toString();
}

const TokenSet = z.looseObject({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).nullish(),
  expiry_date: z.number().nullish(),
  scope: z.string().nullish(),
});

const UserInfo = z.looseObject({ sub: z.string(), email: z.string().optional(), email_verified: z.boolean().optional() });

export interface GoogleExchangeDeps {
  config: Config;
  secrets: SecretSource;
}

export async function exchangeGoogleCode(
  deps: GoogleExchangeDeps,
  code: string,
  codeVerifier: string,
  redirectUri: string,
  requested: readonly string[],
): Promise<ProviderGrant> {
  const clientId = deps.config.google.clientId;
  if (!clientId) throw new AppError('not_connected', 'Google is not configured on this server.', { details: { provider: 'google', configured: false } });
  const { OAuth2Client } = await import('google-auth-library');
  const clientSecret = (await deps.secrets.get('google-oauth-client-secret')).value;
  const client = new OAuth2Client({
    clientId,
    clientSecret,
    redirectUri,
    endpoints: { oauth2TokenUrl: deps.config.google.tokenUrl },
    transporterOptions: { timeout: deps.config.upstreamTimeoutMs },
  });
  // A code is single use: the exchange is never retried.
  const { tokens } = await client.getToken({ code, codeVerifier, redirect_uri: redirectUri }).catch((e: unknown) => {
    throw mapGoogleError(e);
  });
  const t = TokenSet.parse(tokens);
  const { email, verified } = await googleAccountEmail(deps.config, t.access_token);
  return {
    account: email,
    email,
    emailVerified: verified,
    accessToken: t.access_token,
    refreshToken: t.refresh_token ?? undefined,
    expiryDate: t.expiry_date ?? undefined,
    // RFC 6749 §5.1: scope may be omitted only when it equals what was requested.
    scopes: t.scope ? t.scope.split(' ').filter(Boolean) : [...requested],
  };
}

/** The consenting account's email and whether Google verified it, from the OpenID userinfo endpoint. */
async function googleAccountEmail(config: Config, accessToken: string): Promise<{ email: string; verified: boolean }> {
  const res = await fetch(config.google.userinfoUrl, {
    headers: { authorization: `Bearer ${accessToken}` },
    signal: AbortSignal.timeout(config.upstreamTimeoutMs),
  }).catch((e: unknown) => {
    throw new AppError('upstream_unavailable', 'Google userinfo could not be reached.', { cause: e, details: { provider: 'google' } });
  });
  if (!res.ok) throw new AppError('upstream_error', `Google userinfo answered ${res.status}.`, { details: { provider: 'google', status: res.status } });
  const info = UserInfo.parse(await res.json());
  if (!info.email) throw new AppError('upstream_error', 'Google did not disclose the account email.', { details: { provider: 'google' } });
  return { email: info.email.toLowerCase(), verified: info.email_verified === true };
}

/**
 * Revokes a grant at Google (revoking the refresh token ends the whole grant). True when Google
 * confirmed it or said the token was already invalid; false when the outcome is unknown.
 * https://developers.google.com/identity/protocols/oauth2/web-server#tokenrevoke
 */
export async function revokeGoogleToken(config: Config, token: string): Promise<boolean> {
  try {
    const res = await fetch(config.google.revokeUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token }).toString(),
      signal: AbortSignal.timeout(config.upstreamTimeoutMs),
    });
    if (res.ok) return true;
    const body: unknown = await res.json().catch(() => undefined);
    return res.status === 400 && z.object({ error: z.literal('invalid_token') }).safeParse(body).success;
  } catch {
    return false;
  }
}
