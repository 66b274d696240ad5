import { createCommerce } from '../shared/commerce/deps';
import { authenticEvent, MAX_WEBHOOK_BYTES, processMerchantEvent } from '../shared/commerce/merchant-webhook';
import { defineEndpoint } from '../shared/http/endpoint';
import { sendData } from '../shared/http/envelope';

// Order events from CartPilot's merchants. Public: callers prove themselves with the
// X-Merchant-Signature HMAC (one shared secret, 'merchant-webhook-secret', for all merchants).
// Answers 2xx only once an event is processed (or known as a duplicate), so a merchant retries
// everything else: 401 unsigned/forged, 400 malformed, 404 unknown order, 409/5xx transient.
export const merchantWebhook = defineEndpoint({
  name: 'merchant-webhook',
  description: "Receives signed merchant order events (order.confirmed|shipped|delivered|cancelled|refunded) and updates the buyer's order from CartPilot.",
  access: 'public',
  methods: ['POST'],
  secrets: ['merchant-webhook-secret', 'cartpilot-api-key'],
  maxBodyBytes: MAX_WEBHOOK_BYTES,
  openapi: {
    post: {
      summary: 'Merchant order event (X-Merchant-Signature: sha256=<hex HMAC-SHA256 of the raw body>, X-Merchant-Id, X-Event-Id)',
      requestBody: {
        required: true,
        content: { 'application/json': { schema: { type: 'object', required: ['event_id', 'event_type', 'merchant_id', 'timestamp', 'data'] } } },
      },
      responses: { '200': { description: 'Processed; `duplicate: true` for an event already processed, `ignored: true` for a kind we do not handle.' } },
    },
  },
  handle: async (req, res, scope) => {
    const { runtime, requestId, signal } = scope;
    const secret = (await runtime.secrets.get('merchant-webhook-secret')).value;
    const event = authenticEvent(secret, req);
    const log = runtime.log.child({ requestId, merchantId: event.merchant_id, eventId: event.event_id });
    const cm = createCommerce({ ...runtime, db: runtime.stores.db, requestId, signal, log });
    sendData(res, 200, await processMerchantEvent(cm, event));
  },
});
