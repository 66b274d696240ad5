import { defineEndpoint } from '../shared/http/endpoint';
import { sendData } from '../shared/http/envelope';
import { header } from '../shared/http/types';
import { reconcileEffects } from '../shared/orchestrator/reconcile-effects';
import { verifyServiceCaller } from '../shared/triggers/service-auth';

// Cloud Scheduler, every 5 minutes (infra/variables.tf "effects-reconcile"): writes whose outcome
// was lost (an instance died, a connection dropped) are looked up at the provider and settled.

export const effectsReconcile = defineEndpoint({
  name: 'effects-reconcile',
  description: 'Settles writes whose outcome is unknown by looking them up at the provider (called by Cloud Scheduler).',
  access: 'service',
  methods: ['POST'],
  secrets: ['token-encryption-key', 'google-oauth-client-secret', 'x-client-secret'],
  timeoutSec: 300,
  openapi: {
    post: {
      summary: 'Settle effects left pending or unknown (Scheduler, OIDC-authenticated)',
      responses: { '200': { description: '{applied, notApplied, stillUnknown}' } },
    },
  },
  handle: async (req, res, scope) => {
    const { runtime, requestId } = scope;
    await verifyServiceCaller(runtime.config, header(req, 'authorization'), 'effects-reconcile', 'scheduler');
    sendData(res, 200, await reconcileEffects({ runtime, requestId, signal: scope.signal }));
  },
});
