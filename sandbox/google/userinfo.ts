// What a bearer token says about its owner: the OpenID userinfo endpoints and tokeninfo.
// The email is only disclosed when the token carries the email scope, as with Google.
import type { FakeRequest, FakeResponse } from '../fake-server';
import { bearerToken } from './auth-guard';
import { oauthError, unauthenticated } from './errors';
import type { AccessTokenRecord, OAuthState } from './oauth-state';
import { SCOPES } from './scopes';

const canSeeEmail = (t: AccessTokenRecord) => t.scopes.includes(SCOPES.userinfoEmail);

/** GET /oauth2/v3/userinfo (OpenID Connect claims) or /oauth2/v2/userinfo (legacy field names). */
export function handleUserinfo(req: FakeRequest, oauth: OAuthState, version: 'v2' | 'v3'): FakeResponse {
  const raw = bearerToken(req);
  const token = raw ? oauth.lookupAccessToken(raw) : undefined;
  if (!token) unauthenticated();
  const account = oauth.requireAccount(token.email);
  const email = canSeeEmail(token);
  const picture = `https://lh3.googleusercontent.com/a/${account.sub}=s96-c`;
  if (version === 'v2') {
    return { status: 200, body: { id: account.sub, ...(email ? { email: account.email, verified_email: account.emailVerified } : {}), picture } };
  }
  return { status: 200, body: { sub: account.sub, picture, ...(email ? { email: account.email, email_verified: account.emailVerified } : {}) } };
}

/** GET or POST /tokeninfo?access_token=… (also Bearer header, as google-auth-library sends it). */
export function handleTokeninfo(req: FakeRequest, oauth: OAuthState): FakeResponse {
  const raw = req.searchParams.get('access_token') ?? req.form?.get('access_token') ?? bearerToken(req);
  const token = raw ? oauth.lookupAccessToken(raw) : undefined;
  if (!token) return oauthError(400, 'invalid_token', 'Invalid Value');
  const account = oauth.requireAccount(token.email);
  const expiresIn = Math.max(0, Math.floor((token.expiresAt - oauth.config.now()) / 1000));
  const body = {
    azp: oauth.config.clientId,
    aud: oauth.config.clientId,
    sub: account.sub,
    scope: token.scopes.join(' '),
    exp: String(Math.floor(token.expiresAt / 1000)),
    expires_in: String(expiresIn),
    ...(canSeeEmail(token) ? { email: account.email, email_verified: String(account.emailVerified) } : {}),
    access_type: token.grant?.refreshToken ? 'offline' : 'online',
  };
  return { status: 200, body };
}
