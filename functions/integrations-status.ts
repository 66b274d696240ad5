import { defineEndpoint } from '../shared/http/endpoint';
import { sendData } from '../shared/http/envelope';
import { header } from '../shared/http/types';
import { integrationsStatus as statusFor } from '../shared/status/integrations-status';

export const integrationsStatus = defineEndpoint({
  name: 'integrations-status',
  description: "The calling user's providers (configured, connected, scopes, reauth_required) and the actions available now.",
  access: 'user',
  methods: ['GET'],
  secrets: ['token-encryption-key', 'google-oauth-client-secret', 'x-client-secret', 'youtube-api-key', 'cartpilot-api-key'],
  openapi: { get: { summary: 'Integration status for the caller', responses: { '200': { description: 'Status of every provider and action.' } } } },
  handle: async (req, res, scope) => {
    const { runtime } = scope;
    const caller = await runtime.verifyCaller(header(req, 'authorization'));
    sendData(res, 200, await statusFor(caller.uid, { config: runtime.config, secrets: runtime.secrets, connections: runtime.stores.connections }));
  },
});
