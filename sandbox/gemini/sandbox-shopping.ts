import type { Budget } from './sandbox-intents';
import { call, failure, lastDone, money, reply, WHERE_TO_APPROVE, type MoneyView, type Step } from './sandbox-steps';
import { outputOf, type Turn } from './sandbox-turn';

// The shopping journeys, one step per request, each decided from what the tools answered so far:
// intent → offers → the best offer within budget → checkout → quote → request_approval (the
// receipt shown, the person approves it themselves) → after the decision, the order's status.
// And "what happened to my order": the newest order → its status.

interface OfferItem {
  product_id: string;
  variant_id: string | null;
  title: string;
  description: string | null;
  price: MoneyView;
  quantity_available: number;
  rating: number | null;
}
interface Offer {
  offer_id: string;
  merchant_id: string;
  merchant_name: string | null;
  is_expired: boolean;
  items: OfferItem[];
}
interface Line {
  title: string;
  quantity: number;
  line_total: MoneyView;
}
interface Checkout {
  checkout_id: string;
  items: Line[];
  subtotal: MoneyView | null;
  tax: MoneyView | null;
  shipping: MoneyView | null;
  total: MoneyView | null;
}
interface Order {
  order_id: string;
  merchant_id: string;
  status: string;
  total: MoneyView;
  items: Line[];
  tracking_number: string | null;
  carrier: string | null;
}

export function shopStep(turn: Turn, query: string, budget: Budget | undefined, orderMailTo?: string): Step {
  const last = lastDone(turn);
  if (!last) return call('create_intent', { query });
  if (last.error) return failure(last);
  const out = last.output as Record<string, unknown>;
  switch (last.name) {
    case 'create_intent':
      return call('get_intent_offers', { intent_id: out.intent_id, page_size: 50 });
    case 'get_intent_offers':
      return chooseOffer(out.offers as Offer[], query, budget);
    case 'create_checkout':
      return call('quote_checkout', { checkout_id: out.checkout_id, ...(orderMailTo ? { customer_email: orderMailTo } : {}) });
    case 'quote_checkout': {
      const offers = outputOf<{ offers: Offer[] }>(turn, 'get_intent_offers')?.offers ?? [];
      const say = `${choiceText(pickBest(offers, query, budget), budget)}\n${receiptText(out as unknown as Checkout, budget)}`;
      return { say, calls: [{ name: 'request_approval', args: { checkout_id: out.checkout_id } }] };
    }
    case 'request_approval': {
      const order = (out as { order?: Order }).order;
      return order ? call('get_order_status', { order_id: order.order_id }) : reply('The receipt is waiting for your approval.');
    }
    case 'get_order_status':
      return reply(`Bought. ${orderText(out as unknown as Order)}`);
    default:
      return reply(`${last.name} is done.`);
  }
}

export function orderStatusStep(turn: Turn): Step {
  const last = lastDone(turn);
  if (!last) return call('list_orders', { page_size: 5 });
  if (last.error) return failure(last);
  if (last.name === 'list_orders') {
    const newest = (last.output as { orders: Order[] }).orders[0];
    return newest ? call('get_order_status', { order_id: newest.order_id }) : reply('You have no orders yet. Try "buy a coffee grinder".');
  }
  return reply(orderText(last.output as Order));
}

interface Pick {
  best?: { offer: Offer; item: OfferItem };
  /** In-stock items matching the query best, whatever their price. */
  relevant: { offer: Offer; item: OfferItem }[];
}

/** The best in-stock item: most query words, within budget, highest rated, then cheapest. */
function pickBest(offers: Offer[], query: string, budget: Budget | undefined): Pick {
  const words = query
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 3);
  const relevance = (i: OfferItem) => words.filter((w) => `${i.title} ${i.description ?? ''}`.toLowerCase().includes(w.replace(/s$/, ''))).length;
  const all = offers.filter((o) => !o.is_expired).flatMap((o) => o.items.filter((i) => i.quantity_available > 0).map((item) => ({ offer: o, item })));
  const top = Math.max(0, ...all.map((c) => relevance(c.item)));
  const relevant = all.filter((c) => relevance(c.item) === top);
  const affordable = relevant.filter(
    (c) => !budget || ((!budget.currency || c.item.price.currency === budget.currency) && c.item.price.amount <= budget.amount),
  );
  // Offers and items keep CartPilot's order on a tie (the sort is stable).
  const best = [...affordable].sort((a, b) => (b.item.rating ?? 0) - (a.item.rating ?? 0) || a.item.price.amount - b.item.price.amount)[0];
  return { best, relevant };
}

function chooseOffer(offers: Offer[], query: string, budget: Budget | undefined): Step {
  const { best, relevant } = pickBest(offers, query, budget);
  if (!best) {
    if (relevant.length === 0) return reply(`I found no offers in stock for "${query}".`);
    const cheapest = [...relevant].sort((a, b) => a.item.price.amount - b.item.price.amount)[0];
    return reply(
      `None of the ${relevant.length} offer(s) for "${query}" is within ${budgetText(budget)}. The cheapest is ${cheapest?.item.title} at ${money(cheapest?.item.price)}.`,
    );
  }
  const item = { product_id: best.item.product_id, ...(best.item.variant_id ? { variant_id: best.item.variant_id } : {}), quantity: 1 };
  // The choice itself is said with the receipt (the reply a non-streaming caller gets is the last
  // step's text; a streaming one sees every step's), so it is said once either way.
  return call(
    'create_checkout',
    { offer_id: best.offer.offer_id, items: [item] },
    `${relevant.length} matching item(s) in stock; getting a quote for the best one.`,
  );
}

function choiceText(p: Pick, budget: Budget | undefined): string {
  const b = p.best;
  if (!b) return '';
  const within = budget ? ` within ${budgetText(budget)}` : '';
  return `Best match${within}: ${b.item.title} from ${b.offer.merchant_name ?? b.offer.merchant_id}, ${money(b.item.price)}, rated ${b.item.rating ?? 'n/a'} (out of ${p.relevant.length} matching item(s) in stock).`;
}

function receiptText(c: Checkout, budget: Budget | undefined): string {
  const lines = c.items.map((l) => `  ${l.quantity} × ${l.title}: ${money(l.line_total)}`);
  const over = budget && c.total && c.total.currency === (budget.currency ?? c.total.currency) && c.total.amount > budget.amount;
  return [
    'Here is the receipt:',
    ...lines,
    `  Subtotal ${money(c.subtotal)} · Tax ${money(c.tax)} · Shipping ${money(c.shipping)} · Total ${money(c.total)}`,
    ...(over ? [`Note: with tax and shipping the total is above your budget of ${budgetText(budget)}.`] : []),
    WHERE_TO_APPROVE,
  ].join('\n');
}

function orderText(o: Order): string {
  const items = o.items.map((l) => `${l.quantity} × ${l.title}`).join(', ');
  const tracking = o.tracking_number ? `, tracking ${o.tracking_number}${o.carrier ? ` (${o.carrier})` : ''}` : '';
  return `Order ${o.order_id} (${items}, ${money(o.total)} from ${o.merchant_id}) is ${o.status}${tracking}.`;
}

function budgetText(b: Budget | undefined): string {
  return b ? (b.currency ? money({ amount: b.amount, currency: b.currency }) : (b.amount / 100).toFixed(2)) : 'your budget';
}
