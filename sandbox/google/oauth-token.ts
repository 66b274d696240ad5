// POST /token — Google's OAuth 2.0 token endpoint (https://oauth2.googleapis.com/token).
// Supports the refresh_token and authorization_code (with PKCE) grants, client authentication
// in the body (client_secret_post, google-auth-library's default) or HTTP Basic.
import { createHash } from 'node:crypto';
import type { FakeRequest, FakeResponse } from '../fake-server';
import { NO_STORE, oauthError } from './errors';
import type { Grant, OAuthState } from './oauth-state';

const REVOKED = 'Token has been expired or revoked.';

export function handleToken(req: FakeRequest, oauth: OAuthState): FakeResponse {
  const body = req.form ?? jsonForm(req.json);
  const client = clientCredentials(req, body);
  if (!client.id) return oauthError(400, 'invalid_request', 'Could not determine client ID from request.');
  if (client.id !== oauth.config.clientId) return oauthError(401, 'invalid_client', 'The OAuth client was not found.');
  if (client.secret !== oauth.config.clientSecret) return oauthError(401, 'invalid_client', 'Unauthorized');

  const grantType = body.get('grant_type') ?? '';
  if (grantType === 'refresh_token') return refresh(body, oauth);
  if (grantType === 'authorization_code') return exchangeCode(body, oauth);
  return oauthError(400, 'unsupported_grant_type', `Invalid grant_type: ${grantType}`);
}

function refresh(body: URLSearchParams, oauth: OAuthState): FakeResponse {
  const refreshToken = body.get('refresh_token');
  if (!refreshToken) return oauthError(400, 'invalid_request', 'Missing required parameter: refresh_token');
  const grant = oauth.grantFor(refreshToken);
  if (!grant) return oauthError(400, 'invalid_grant', REVOKED);
  if (grant.clientId !== oauth.config.clientId) return oauthError(401, 'unauthorized_client', 'Unauthorized');
  // Google only returns refresh_token on refresh when it rotates one; the fake can be told to.
  const rotated = oauth.config.rotateRefreshTokens ? oauth.rotate(grant) : undefined;
  return tokenResponse(oauth, grant, rotated);
}

function exchangeCode(body: URLSearchParams, oauth: OAuthState): FakeResponse {
  const pending = oauth.takeCode(body.get('code') ?? '');
  if (!pending) return oauthError(400, 'invalid_grant', 'Bad Request');
  if (pending.redirectUri !== body.get('redirect_uri')) return oauthError(400, 'redirect_uri_mismatch', 'Bad Request');
  if (pending.codeChallenge) {
    const verifier = body.get('code_verifier');
    if (!verifier) return oauthError(400, 'invalid_grant', 'Missing code verifier.');
    const expected = pending.codeChallengeMethod === 'plain' ? verifier : s256(verifier);
    if (expected !== pending.codeChallenge) return oauthError(400, 'invalid_grant', 'Invalid code verifier.');
  }
  const grant = oauth.addGrant(pending.email, pending.scopes, undefined, pending.clientId);
  // A refresh token is only issued for access_type=offline, as with the real consent screen.
  const refreshToken = pending.offline ? oauth.rotate(grant) : undefined;
  return tokenResponse(oauth, grant, refreshToken);
}

function tokenResponse(oauth: OAuthState, grant: Grant, refreshToken?: string): FakeResponse {
  const access = oauth.issueAccessToken({ email: grant.email, scopes: grant.scopes, grant });
  const body = {
    access_token: access.token,
    expires_in: Math.round((access.expiresAt - oauth.config.now()) / 1000),
    ...(refreshToken ? { refresh_token: refreshToken } : {}),
    scope: grant.scopes.join(' '),
    token_type: 'Bearer',
  };
  return { status: 200, body, headers: NO_STORE };
}

/** RFC 7636 S256: BASE64URL(SHA256(ASCII(code_verifier))). */
export const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

function clientCredentials(req: FakeRequest, body: URLSearchParams): { id?: string; secret?: string } {
  const auth = String(req.headers.authorization ?? '');
  const basic = /^Basic\s+(\S+)$/i.exec(auth);
  if (basic?.[1]) {
    const [id, secret] = Buffer.from(basic[1], 'base64').toString('utf8').split(':');
    return { id: id && decodeURIComponent(id), secret: secret && decodeURIComponent(secret) };
  }
  return { id: body.get('client_id') ?? undefined, secret: body.get('client_secret') ?? undefined };
}

/** Google's token endpoint also accepts a JSON body; normalise it to form fields. */
function jsonForm(json: unknown): URLSearchParams {
  const out = new URLSearchParams();
  if (json && typeof json === 'object') {
    for (const [k, v] of Object.entries(json)) if (typeof v === 'string') out.set(k, v);
  }
  return out;
}
