// The check every Google API call goes through: a live bearer access token with an accepted scope.
// Failures are thrown (FakeHttpError) so route handlers read as the happy path.
import type { FakeRequest } from '../fake-server';
import { fail, insufficientScopes, unauthenticated } from './errors';
import type { AccessTokenRecord, GoogleAccount, OAuthState } from './oauth-state';
import { hasAnyScope } from './scopes';

export interface Caller {
  account: GoogleAccount;
  token: AccessTokenRecord;
}

export function bearerToken(req: FakeRequest): string | undefined {
  const h = req.headers.authorization;
  const value = Array.isArray(h) ? h[0] : h;
  const m = /^Bearer\s+(\S+)$/i.exec(value ?? '');
  return m?.[1];
}

export function requireCaller(req: FakeRequest, oauth: OAuthState, acceptedScopes: readonly string[]): Caller {
  const raw = bearerToken(req);
  const token = raw ? oauth.lookupAccessToken(raw) : undefined;
  if (!token) unauthenticated();
  if (!hasAnyScope(token.scopes, acceptedScopes)) insufficientScopes();
  return { account: oauth.requireAccount(token.email), token };
}

/**
 * Gmail's `userId` path segment: "me" or the caller's own address. Anything else is another
 * mailbox, which needs domain-wide delegation the fake never grants.
 */
export function requireSelf(caller: Caller, userId: string): void {
  if (userId === 'me' || userId.toLowerCase() === caller.account.email.toLowerCase()) return;
  fail(403, `Delegation denied for ${caller.account.email}`, { reason: 'forbidden' });
}
