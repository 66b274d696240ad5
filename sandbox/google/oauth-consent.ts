// GET /o/oauth2/v2/auth — the consent screen, minus the human: it "approves" at once and redirects
// to redirect_uri with code+state, remembering the PKCE challenge for the later code exchange.
// Errors before a trustworthy redirect_uri is known are shown as a page (never redirected), as
// Google does; errors after it are reported to the client via ?error=.
import type { FakeRequest, FakeResponse } from '../fake-server';
import type { OAuthState } from './oauth-state';
import { normalizeScopes } from './scopes';

export interface ConsentBehavior {
  /** Account that "signs in"; default: login_hint if known, else the first account added. */
  email?: string;
  /** Simulate the user clicking Cancel: redirect with error=access_denied. */
  deny?: boolean;
  /** When set, redirect_uri must be one of these (else Error 400: redirect_uri_mismatch). */
  redirectUris?: string[];
}

export function handleConsent(req: FakeRequest, oauth: OAuthState, behavior: ConsentBehavior): FakeResponse {
  const q = req.searchParams;
  const clientId = q.get('client_id');
  const redirectUri = q.get('redirect_uri');
  if (clientId !== oauth.config.clientId) return errorPage(401, 'invalid_client', 'The OAuth client was not found.');
  if (!redirectUri) return errorPage(400, 'invalid_request', 'Missing required parameter: redirect_uri');
  if (behavior.redirectUris && !behavior.redirectUris.includes(redirectUri)) {
    return errorPage(400, 'redirect_uri_mismatch', `redirect_uri=${redirectUri} is not registered for this client.`);
  }
  const scope = q.get('scope');
  if (!scope) return errorPage(400, 'invalid_request', 'Missing required parameter: scope');

  const state = q.get('state') ?? undefined;
  if (q.get('response_type') !== 'code') return redirect(redirectUri, { error: 'unsupported_response_type', state });
  const email = pickAccount(oauth, behavior, q.get('login_hint'));
  if (behavior.deny || !email) return redirect(redirectUri, { error: 'access_denied', state });

  const challenge = q.get('code_challenge') ?? undefined;
  const method = q.get('code_challenge_method') ?? (challenge ? 'plain' : undefined);
  if (method !== undefined && method !== 'S256' && method !== 'plain') {
    return errorPage(400, 'invalid_request', 'Invalid code_challenge_method value.');
  }
  const scopes = normalizeScopes(scope);
  const code = oauth.createCode({
    email,
    clientId,
    redirectUri,
    scopes,
    offline: q.get('access_type') === 'offline',
    codeChallenge: challenge,
    codeChallengeMethod: method,
  });
  return redirect(redirectUri, { state, code, scope: scopes.join(' '), authuser: '0', prompt: 'consent' });
}

function pickAccount(oauth: OAuthState, behavior: ConsentBehavior, hint: string | null): string | undefined {
  if (behavior.email) return oauth.account(behavior.email)?.email;
  if (hint && oauth.account(hint)) return oauth.account(hint)?.email;
  return oauth.accounts.values().next().value?.email;
}

function redirect(to: string, params: Record<string, string | undefined>): FakeResponse {
  const url = new URL(to);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return { status: 302, headers: { location: url.toString() }, body: '' };
}

function errorPage(status: number, error: string, description: string): FakeResponse {
  const safe = description.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const html = `<!doctype html><title>Error ${status}: ${error}</title><h1>Access blocked: Authorization Error</h1><p>${safe}</p><p>Error ${status}: ${error}</p>`;
  return { status, headers: { 'content-type': 'text/html; charset=utf-8' }, body: html };
}
