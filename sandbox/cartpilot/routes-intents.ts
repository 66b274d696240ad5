// /health, /intents and /offers: turning a query into merchant offers.
import { IntentCreateRequestSchema, OFFER_TTL_MS, PageQuerySchema, type Intent, type Offer } from '../../shared/providers/cartpilot/schemas';
import { cpError, json, paginate, parseBody, parseQuery, type Route } from './http';
import type { FakeStore, OfferRec } from './store';

export function intentRoutes(store: FakeStore): Route[] {
  const intentOr404 = (id: string) => {
    const intent = store.intents.get(id);
    if (!intent) throw cpError(404, 'INTENT_NOT_FOUND', `Intent not found: ${id}`);
    return intent;
  };

  const offerWire = (rec: OfferRec): Offer => ({ ...structuredClone(rec.offer), is_expired: store.nowMs() > rec.expiresAtMs });

  /** First call asks every merchant; later calls return the same (possibly expired) offers. */
  const collectOffers = (intent: Intent & { offer_ids?: string[] }): string[] => {
    if (intent.offer_ids) return intent.offer_ids;
    const now = store.nowIso();
    const expiresAtMs = store.nowMs() + OFFER_TTL_MS;
    const ids: string[] = [];
    for (const [merchantId, items] of store.catalog.search(intent.query)) {
      const amounts = items.map((i) => i.price.amount);
      const currency = items[0]!.price.currency;
      const offer: OfferRec['offer'] = {
        id: store.nextId('offer'),
        intent_id: intent.id,
        merchant_id: merchantId,
        items,
        item_count: items.length,
        lowest_price: { amount: Math.min(...amounts), currency },
        highest_price: { amount: Math.max(...amounts), currency },
        expires_at: new Date(expiresAtMs).toISOString(),
        metadata: { merchant_name: store.catalog.merchant(merchantId)?.name ?? merchantId },
        created_at: now,
      };
      store.offers.set(offer.id, { offer, expiresAtMs });
      ids.push(offer.id);
    }
    intent.offer_ids = ids;
    intent.offers_collected = true;
    intent.offer_count = ids.length;
    intent.updated_at = now;
    return ids;
  };

  const intentWire = (i: Intent & { offer_ids?: string[] }): Intent => {
    const { offer_ids: _internal, ...wire } = i;
    return structuredClone(wire);
  };

  return [
    {
      method: 'GET',
      pattern: /^\/health$/,
      auth: false,
      handle: () => json(200, { status: 'healthy', service: 'cartpilot-api', version: '0.1.0' }),
    },
    {
      method: 'POST',
      pattern: /^\/intents$/,
      handle: (req) => {
        const body = parseBody(req, IntentCreateRequestSchema);
        const now = store.nowIso();
        const intent: Intent = {
          id: store.nextId('intent'),
          query: body.query,
          session_id: body.session_id ?? null,
          metadata: body.metadata ?? {},
          offers_collected: false,
          offer_count: 0,
          created_at: now,
          updated_at: now,
        };
        store.intents.set(intent.id, intent);
        return json(201, intentWire(intent));
      },
    },
    {
      method: 'GET',
      pattern: /^\/intents\/(?<intent_id>[^/]+)$/,
      handle: (req) => json(200, intentWire(intentOr404(req.params.intent_id!))),
    },
    {
      method: 'GET',
      pattern: /^\/intents\/(?<intent_id>[^/]+)\/offers$/,
      handle: (req) => {
        const q = parseQuery(req, PageQuerySchema, ['page', 'page_size']);
        const intent = intentOr404(req.params.intent_id!);
        const offers = collectOffers(intent).map((id) => offerWire(store.offers.get(id)!));
        return json(200, { ...paginate(offers, q.page, q.page_size), intent_id: intent.id });
      },
    },
    {
      method: 'GET',
      pattern: /^\/offers\/(?<offer_id>[^/]+)$/,
      handle: (req) => {
        const rec = store.offers.get(req.params.offer_id!);
        if (!rec) throw cpError(404, 'OFFER_NOT_FOUND', `Offer not found: ${req.params.offer_id}`);
        return json(200, offerWire(rec));
      },
    },
  ];
}
