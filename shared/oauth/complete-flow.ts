import { z } from 'zod';
import { AppError, toAppError } from '../errors';
import type { OAuthProvider, PendingConsent } from './oauth-states-store';
import type { ConnectionInfo } from '../connections/connections-store';
import type { ProviderGrant } from '../providers/oauth-types';
import type { OAuthFlowDeps } from './flow-deps';
import { saveGrant } from './save-grant';

// oauth-callback: the state is checked and consumed BEFORE anything else — an unknown, reused,
// expired or other-provider state, or one started in another browser, ends here with
// invalid_input and the token endpoint is never called. With a valid state the outcome (connected, or why not) goes back to return_to.

const CallbackQuery = z.looseObject({
  state: z.string().max(512).optional(),
  code: z.string().min(1).max(2048).optional(),
  error: z.string().max(256).optional(),
});

export type CallbackOutcome =
  | { kind: 'connected'; provider: OAuthProvider; connection: ConnectionInfo; returnTo?: string }
  | { kind: 'failed'; provider: OAuthProvider; reason: string; error: AppError; returnTo?: string };

export async function completeConnect(
  deps: OAuthFlowDeps,
  provider: OAuthProvider,
  query: unknown,
  browserSecret: string | undefined,
): Promise<CallbackOutcome> {
  const parsed = CallbackQuery.safeParse(query);
  const q = parsed.success ? parsed.data : {};
  const pending = await deps.states.consume(provider, q.state, browserSecret);
  const fail = (reason: string, error: AppError): CallbackOutcome => ({ kind: 'failed', provider, reason, error, returnTo: pending.returnTo });
  if (q.error !== undefined) {
    // The provider's own error code (access_denied when the user clicked Cancel).
    const reason = /^[a-z_]{1,64}$/.test(q.error) ? q.error : 'authorization_failed';
    return fail(reason, new AppError('forbidden', `The ${provider} consent was not given (${reason}).`, { details: { provider, reason } }));
  }
  if (!q.code) return fail('invalid_request', new AppError('invalid_input', 'The callback carries no authorization code.', { details: { provider } }));
  try {
    const grant = await exchange(deps, provider, q.code, pending);
    const connection = await saveGrant(deps.connections, pending.uid, provider, grant, pending.alias, deps.now());
    deps.log.info('account connected', { provider, scopes: grant.scopes.length });
    await deps.afterConnect?.(pending.uid, connection);
    return { kind: 'connected', provider, connection, returnTo: pending.returnTo };
  } catch (e) {
    const err = toAppError(e);
    deps.log.warn('code exchange failed', { provider, code: err.code, err: err.cause ?? err });
    return fail('exchange_failed', err);
  }
}

async function exchange(deps: OAuthFlowDeps, provider: OAuthProvider, code: string, p: PendingConsent): Promise<ProviderGrant> {
  if (provider === 'google') {
    const { exchangeGoogleCode } = await import('../providers/google/google-oauth');
    return exchangeGoogleCode(deps, code, p.codeVerifier, p.redirectUri, p.scopes);
  }
  const { exchangeXCode } = await import('../providers/x/x-oauth');
  return exchangeXCode({ ...deps, now: () => deps.now().getTime() }, code, p.codeVerifier, p.redirectUri);
}
