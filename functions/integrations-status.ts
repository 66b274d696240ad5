import { defineEndpoint } from '../shared/http/endpoint';
import { sendData, sendError } from '../shared/http/envelope';
import { requireMethod } from '../shared/http/request-limits';
import { startRequest } from '../shared/http/request-scope';
import { header } from '../shared/http/types';
import { integrationsStatus as statusFor } from '../shared/status/integrations-status';

export const integrationsStatus = defineEndpoint({
  name: 'integrations-status',
  description: "The calling user's providers (configured, connected, scopes, reauth_required) and the actions available now.",
  access: 'user',
  methods: ['GET'],
  secrets: ['token-encryption-key', 'google-oauth-client-secret', 'x-client-secret', 'youtube-api-key', 'cartpilot-api-key'],
  openapi: { get: { summary: 'Integration status for the caller', responses: { '200': { description: 'Status of every provider and action.' } } } },
  handler: (getRuntime) => async (req, res) => {
    const scope = startRequest(req, res, getRuntime);
    if (!scope) return;
    const { runtime, requestId } = scope;
    try {
      requireMethod(req, ['GET']);
      const caller = await runtime.verifyCaller(header(req, 'authorization'));
      sendData(res, 200, await statusFor(caller.uid, { config: runtime.config, secrets: runtime.secrets, connections: runtime.stores.connections }));
    } catch (e) {
      sendError(res, e, requestId, runtime.log);
    } finally {
      scope.end();
    }
  },
});
