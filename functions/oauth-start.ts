import { oauthDeps } from '../shared/oauth/runtime-deps';
import { startConnect } from '../shared/oauth/start-flow';
import { STATE_TTL_MS } from '../shared/oauth/oauth-states-store';
import { bindingCookie, browserSecretOf, newBrowserSecret } from '../shared/oauth/browser-binding';
import { defineEndpoint } from '../shared/http/endpoint';
import { sendData } from '../shared/http/envelope';
import { sendRedirect } from '../shared/http/redirect';
import { header } from '../shared/http/types';

const param = (name: string, description: string, required = false) => ({ name, in: 'query', required, description, schema: { type: 'string' } });

export const oauthStart = defineEndpoint({
  name: 'oauth-start',
  description:
    'Starts connecting a Google or X account: 302 to the provider consent page (PKCE S256, one-time state valid 10 minutes). ' +
    'A browser cannot add the Authorization header to a navigation, so apps call it with `mode=json` and open the returned URL.',
  access: 'user',
  methods: ['GET'],
  secrets: ['token-encryption-key'],
  openapi: {
    get: {
      summary: 'Start an OAuth connect flow',
      parameters: [
        param('provider', 'google | x', true),
        param(
          'capabilities',
          'Comma list: google calendar, calendar.read, gmail.read, gmail.send; x tweet. Omitted: what the named account had, else everything.',
        ),
        param('account', 'Alias for the new account ("work"), or an existing alias/email to reconnect it.'),
        param(
          'return_to',
          'Absolute URL under an OAUTH_RETURN_TO_ALLOWLIST entry; the callback redirects there with ?connected=<provider>&account=… or ?error=….',
        ),
        param('mode', '"redirect" (default, 302) or "json" (200 {"data":{"url","expires_at"}}).'),
      ],
      responses: { '200': { description: 'mode=json: the consent URL.' }, '302': { description: 'Redirect to the provider consent page.' } },
    },
  },
  handle: async (req, res, scope) => {
    const { runtime, requestId } = scope;
    const caller = await runtime.verifyCaller(header(req, 'authorization'));
    // Bind the flow to this browser (browser-binding.ts); an existing secret is reused so flows
    // started in parallel from one browser all stay valid.
    const browser = browserSecretOf(req) ?? newBrowserSecret();
    const started = await startConnect(oauthDeps(runtime, runtime.log.child({ requestId }), requestId), caller.uid, req.query ?? {}, browser);
    res.setHeader('Set-Cookie', bindingCookie(browser, STATE_TTL_MS / 1000));
    if (started.mode === 'json') sendData(res, 200, { url: started.url, expires_at: started.expiresAt.toISOString() });
    else sendRedirect(res, started.url);
  },
});
