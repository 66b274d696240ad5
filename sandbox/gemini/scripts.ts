import { lastFunctionResponses, type GeminiCall, type ScriptEntry } from './wire';

// Multi-step model scripts several tests share. Each step reads what the tools answered, the way
// a model reads its functionResponses, so ids flow from one call to the next.

function output<T>(c: GeminiCall): T {
  return lastFunctionResponses(c)[0]?.response.output as T;
}

/** intent → offers → checkout → quote → request_approval; after the person decides: order status, then text. */
export function shoppingScript(items: unknown[], merchant = 'merchant-a'): ScriptEntry[] {
  return [
    { calls: [{ name: 'create_intent', args: { query: 'wireless headphones' } }] },
    (c) => ({ calls: [{ name: 'get_intent_offers', args: { intent_id: output<{ intent_id: string }>(c).intent_id } }] }),
    (c) => {
      const offer = output<{ offers: { offer_id: string; merchant_id: string }[] }>(c).offers.find((o) => o.merchant_id === merchant);
      return { calls: [{ name: 'create_checkout', args: { offer_id: offer?.offer_id, items } }] };
    },
    (c) => ({ calls: [{ name: 'quote_checkout', args: { checkout_id: output<{ checkout_id: string }>(c).checkout_id } }] }),
    (c) => ({ text: 'Here is the receipt.', calls: [{ name: 'request_approval', args: { checkout_id: output<{ checkout_id: string }>(c).checkout_id } }] }),
    (c) => {
      const order = output<{ order?: { order_id: string } } | undefined>(c)?.order;
      if (!order) return { text: `No order: ${JSON.stringify(lastFunctionResponses(c)[0]?.response)}` };
      return { calls: [{ name: 'get_order_status', args: { order_id: order.order_id } }] };
    },
    (c) => ({ text: `Ordered. Status: ${output<{ status: string }>(c).status}.` }),
  ];
}
