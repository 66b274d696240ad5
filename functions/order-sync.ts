import { createCommerce } from '../shared/commerce/deps';
import { syncOpenOrders } from '../shared/commerce/open-order-sync';
import { defineEndpoint } from '../shared/http/endpoint';
import { sendData } from '../shared/http/envelope';
import { header } from '../shared/http/types';
import { verifyServiceCaller } from '../shared/triggers/service-auth';

// Cloud Scheduler, every 10 minutes (infra/variables.tf "order-sync-10min"): reads the open
// orders that are due from CartPilot, so orders move on even when no merchant event arrives.

const TIMEOUT_SEC = 300;

export const orderSync = defineEndpoint({
  name: 'order-sync',
  description: 'Reads the due open orders from CartPilot and updates the buyers’ orders (called by Cloud Scheduler).',
  access: 'service',
  methods: ['POST'],
  secrets: ['cartpilot-api-key'],
  timeoutSec: TIMEOUT_SEC,
  openapi: {
    post: { summary: 'Sync due open orders (Scheduler, OIDC-authenticated)', responses: { '200': { description: '{read, changed, failed}' } } },
  },
  handle: async (req, res, scope) => {
    const { runtime, requestId, signal } = scope;
    await verifyServiceCaller(runtime.config, header(req, 'authorization'), 'order-sync', 'scheduler');
    const cm = createCommerce({ ...runtime, db: runtime.stores.db, requestId, signal, log: runtime.log.child({ requestId }) });
    sendData(res, 200, await syncOpenOrders(cm, Date.now() + (TIMEOUT_SEC - 30) * 1000));
  },
});
