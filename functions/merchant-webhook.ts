import { createCommerce } from '../shared/commerce/deps';
import { authenticEvent, MAX_WEBHOOK_BYTES, processMerchantEvent } from '../shared/commerce/merchant-webhook';
import { defineEndpoint } from '../shared/http/endpoint';
import { sendData } from '../shared/http/envelope';

// Events from CartPilot's merchants. Public: callers prove themselves with the X-Merchant-Signature
// HMAC ('merchant-webhook-secret': one secret for all, or a JSON map of one per merchant) over a
// recent time (MERCHANT_WEBHOOK_TOLERANCE_SEC). Answers 2xx only once an event is processed (or
// known as a duplicate, or of a kind we ignore), so a merchant retries everything else: 401
// unsigned/forged/stale, 400 malformed, 404 unknown order, 409/5xx transient.
export const merchantWebhook = defineEndpoint({
  name: 'merchant-webhook',
  description:
    "Receives signed merchant events (order.created|shipped|delivered by merchant_order_id; other kinds are acknowledged and ignored) and updates the buyer's order.",
  access: 'public',
  methods: ['POST'],
  secrets: ['merchant-webhook-secret', 'cartpilot-api-key'],
  maxBodyBytes: MAX_WEBHOOK_BYTES,
  openapi: {
    post: {
      summary:
        'Merchant event (X-Merchant-Signature: sha256=<hex HMAC-SHA256 of the raw body> or t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">; X-Merchant-Id, X-Event-Id)',
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
    const event = authenticEvent(req, { secret, nowMs: runtime.clock.now().getTime(), toleranceSec: runtime.config.cartpilot.webhookToleranceSec });
    const log = runtime.log.child({ requestId, merchantId: event.merchant_id, eventId: event.event_id });
    const cm = createCommerce({ ...runtime, db: runtime.stores.db, requestId, signal, log });
    sendData(res, 200, await processMerchantEvent(cm, event));
  },
});
