import { completeConnect, type CallbackOutcome } from '../shared/oauth/complete-flow';
import { oauthDeps } from '../shared/oauth/runtime-deps';
import { AppError } from '../shared/errors';
import { defineEndpoint } from '../shared/http/endpoint';
import { sendData, sendError } from '../shared/http/envelope';
import { pathSuffix } from '../shared/http/path-suffix';
import { sendRedirect } from '../shared/http/redirect';
import type { HttpRequest, HttpResponse } from '../shared/http/types';
import type { OAuthProvider } from '../shared/oauth/oauth-states-store';
import { toView } from '../shared/oauth/manage-connections';
import type { Logger } from '../shared/log';

// The redirect URI registered with each provider: <PUBLIC_BASE_URL>/oauth-callback/google and
// /oauth-callback/x. Public: the one-time state authenticates the request.

export const oauthCallback = defineEndpoint({
  name: 'oauth-callback',
  description:
    'OAuth redirect URI (/oauth-callback/google, /oauth-callback/x). Authenticated by the one-time state; exchanges the code, stores the tokens encrypted, ' +
    'then 302s to return_to with ?connected=<provider>&account=<alias or email> or ?error=<reason>, or answers JSON when no return_to was given.',
  access: 'public',
  methods: ['GET'],
  secrets: ['token-encryption-key', 'google-oauth-client-secret', 'x-client-secret'],
  openapi: {
    get: {
      summary: 'OAuth callback (browser redirect from the provider)',
      responses: { '200': { description: 'Connected (no return_to): the connection.' }, '302': { description: 'Back to return_to with the outcome.' } },
    },
  },
  handle: async (req, res, scope) => {
    const { runtime, requestId } = scope;
    const outcome = await completeConnect(oauthDeps(runtime, runtime.log.child({ requestId }), requestId), providerOf(req), req.query ?? {});
    render(res, outcome, requestId, runtime.log);
  },
});

function providerOf(req: HttpRequest): OAuthProvider {
  const name = pathSuffix(req, 'oauth-callback');
  if (name === 'google' || name === 'x') return name;
  throw new AppError('invalid_input', 'Unknown OAuth callback path; expected /oauth-callback/google or /oauth-callback/x.');
}

function render(res: HttpResponse, outcome: CallbackOutcome, requestId: string, log: Logger): void {
  if (!outcome.returnTo) {
    if (outcome.kind === 'failed') sendError(res, outcome.error, requestId, log);
    else sendData(res, 200, { connected: outcome.provider, connection: toView(outcome.connection) });
    return;
  }
  const url = new URL(outcome.returnTo);
  if (outcome.kind === 'connected') {
    const c = outcome.connection;
    url.searchParams.set('connected', outcome.provider);
    url.searchParams.set('account', c.alias ?? c.email ?? c.username ?? c.account);
  } else {
    url.searchParams.set('error', outcome.reason);
    url.searchParams.set('provider', outcome.provider);
  }
  sendRedirect(res, url.toString());
}
