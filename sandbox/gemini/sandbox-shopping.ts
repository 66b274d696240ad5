// The sandbox model's shopping chain: after "buy …" it walks the CartPilot tools the way a model
// reading their results would — intent → offers → checkout of the first in-stock item of the
// first offer → quote → request_approval — so `npm start` (and the console's browser tests) can
// reach a frozen receipt awaiting the person's approval. Returns undefined when the step is not
// part of the chain.

type Output = Record<string, unknown> | undefined;
interface Call {
  name: string;
  args: Record<string, unknown>;
}

export function nextShoppingCall(tool: string, output: Output, available: readonly string[]): Call | undefined {
  const next = step(tool, output);
  return next && available.includes(next.name) ? next : undefined;
}

function step(tool: string, output: Output): Call | undefined {
  if (!output) return undefined;
  switch (tool) {
    case 'create_intent':
      return typeof output.intent_id === 'string' ? { name: 'get_intent_offers', args: { intent_id: output.intent_id } } : undefined;
    case 'get_intent_offers':
      return checkoutOfFirstOffer(output.offers);
    case 'create_checkout':
      return typeof output.checkout_id === 'string' ? { name: 'quote_checkout', args: { checkout_id: output.checkout_id } } : undefined;
    case 'quote_checkout':
      return typeof output.checkout_id === 'string' ? { name: 'request_approval', args: { checkout_id: output.checkout_id } } : undefined;
    default:
      return undefined;
  }
}

interface OfferItem {
  product_id?: unknown;
  variant_id?: unknown;
  quantity_available?: unknown;
}

function checkoutOfFirstOffer(offers: unknown): Call | undefined {
  if (!Array.isArray(offers)) return undefined;
  for (const offer of offers as { offer_id?: unknown; items?: OfferItem[] }[]) {
    const item = offer.items?.find((i) => typeof i.quantity_available === 'number' && i.quantity_available > 0);
    if (typeof offer.offer_id !== 'string' || !item || typeof item.product_id !== 'string') continue;
    const line = { product_id: item.product_id, ...(typeof item.variant_id === 'string' ? { variant_id: item.variant_id } : {}), quantity: 1 };
    return { name: 'create_checkout', args: { offer_id: offer.offer_id, items: [line] } };
  }
  return undefined;
}
