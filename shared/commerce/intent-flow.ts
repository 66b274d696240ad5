import { AppError } from '../errors';
import { upstreamKey } from '../providers/cartpilot/idempotency-keys';
import type { Offer } from '../providers/cartpilot/schemas';
import type { Commerce } from './deps';
import { offerView } from './views';

// Searching: an intent (the user's words) and the merchant offers CartPilot collects for it.
// Intents are recorded under the user; an offer is reachable only through an intent of the
// caller's, since CartPilot itself serves every user of this backend under one API key.

/** A repeated identical search inside this window returns the same intent (and its offers). */
const INTENT_WINDOW_MS = 10 * 60 * 1000;

export async function createIntent(cm: Commerce, uid: string, query: string, sessionId?: string) {
  const normalised = query.normalize('NFKC').replace(/\s+/g, ' ').trim();
  const window = String(Math.floor(cm.clock.now().getTime() / INTENT_WINDOW_MS));
  const key = upstreamKey(uid, 'intent', normalised.toLowerCase(), sessionId ?? '', window);
  const intent = await cm.api.createIntent({ query: normalised, ...(sessionId ? { session_id: sessionId } : {}) }, key);
  await cm.intents.record(uid, intent.id, intent.query);
  return { intent_id: intent.id, query: intent.query, created_at: intent.created_at };
}

export async function intentOffers(cm: Commerce, uid: string, intentId: string, page: number, pageSize: number) {
  await cm.intents.requireOwned(uid, intentId);
  const list = await cm.api.getIntentOffers(intentId, page, pageSize);
  return { intent_id: intentId, offers: list.items.map(offerView), page: list.page, page_size: list.page_size, total: list.total, has_more: list.has_more };
}

/** The offer, if it was collected for one of the caller's intents (else 404, as if absent). */
export async function ownedOffer(cm: Commerce, uid: string, offerId: string): Promise<Offer> {
  const offer = await cm.api.getOffer(offerId);
  try {
    await cm.intents.requireOwned(uid, offer.intent_id);
  } catch (e) {
    if (e instanceof AppError && e.code === 'not_found')
      throw new AppError('not_found', `No offer ${offerId} of yours exists.`, { details: { offer_id: offerId } });
    throw e;
  }
  return offer;
}

export async function offerDetails(cm: Commerce, uid: string, offerId: string) {
  return offerView(await ownedOffer(cm, uid, offerId));
}
