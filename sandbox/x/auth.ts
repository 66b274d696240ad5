// The check every API v2 call goes through: a live OAuth 2.0 user access token (401 otherwise)
// that carries every scope the operation requires (403 otherwise), as X enforces them. The
// scopes are the `security` requirements of each operation in X's OpenAPI description.
import type { FakeRequest, FakeResponse } from '../fake-server';
import { missingScopes, unauthorized } from './errors';
import type { XState, XUser } from './state';

export const OPERATION_SCOPES = {
  'POST /2/tweets': ['tweet.read', 'tweet.write', 'users.read'],
  'GET /2/users/me': ['tweet.read', 'users.read'],
  'GET /2/users/:id/tweets': ['tweet.read', 'users.read'],
} as const satisfies Record<string, readonly string[]>;

export type Operation = keyof typeof OPERATION_SCOPES;

function bearer(req: FakeRequest): string | undefined {
  const h = req.headers.authorization;
  const m = typeof h === 'string' ? /^Bearer\s+(.+)$/i.exec(h) : null;
  return m?.[1]?.trim();
}

/** The calling user, or the 401/403 X would answer instead. */
export function authorizeUser(state: XState, req: FakeRequest, op: Operation): { user: XUser } | { refused: FakeResponse } {
  const token = bearer(req);
  const caller = token ? state.callerFor(token) : undefined;
  if (!caller) return { refused: unauthorized() };
  const granted = new Set(caller.scope.split(' '));
  if (OPERATION_SCOPES[op].some((s) => !granted.has(s))) return { refused: missingScopes() };
  return { user: caller.user };
}
