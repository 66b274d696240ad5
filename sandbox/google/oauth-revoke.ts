// POST /revoke — https://oauth2.googleapis.com/revoke. Takes `token` in the query (what
// google-auth-library sends) or a form body; revoking either token of a grant ends the grant.
import type { FakeRequest, FakeResponse } from '../fake-server';
import { NO_STORE, oauthError } from './errors';
import type { OAuthState } from './oauth-state';

export function handleRevoke(req: FakeRequest, oauth: OAuthState): FakeResponse {
  const token = req.searchParams.get('token') ?? req.form?.get('token');
  if (!token) return oauthError(400, 'invalid_request', 'Missing required parameter: token');
  // Google answers 400 invalid_token for unknown or already-revoked tokens.
  if (!oauth.revoke(token)) return oauthError(400, 'invalid_token', 'Token expired or revoked');
  return { status: 200, body: {}, headers: NO_STORE };
}
