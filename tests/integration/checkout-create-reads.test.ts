import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckoutsStore } from '../../shared/commerce/checkouts-store';
import { SpendingStore } from '../../shared/commerce/spending-store';
import { CartPilotClient } from '../../shared/providers/cartpilot/client';
import { startHarness, type Harness } from '../support/harness';
import { shopper, type Shopper, X1_BLACK_X2 } from '../support/shopping';

// create_checkout reads the person's spending policy and their checkouts of the offer while
// CartPilot is asked for the offer (none of the three needs another), and still judges both only
// once the offer is known to be theirs.

let h: Harness;
let log: string[] = [];
beforeAll(async () => {
  h = await startHarness();
  const observe = <T extends object>(proto: T, method: keyof T, name: (args: unknown[]) => string | undefined) => {
    const real = proto[method] as (...a: unknown[]) => Promise<unknown>;
    (proto as Record<keyof T, unknown>)[method] = function (this: unknown, ...args: unknown[]) {
      const label = name(args);
      if (label) log.push(`${label}:start`);
      return real.apply(this, args).finally(() => label && log.push(`${label}:end`));
    };
  };
  observe(SpendingStore.prototype, 'getPolicy', () => 'policy');
  observe(CheckoutsStore.prototype, 'byOffer', () => 'checkouts');
  observe(CartPilotClient.prototype, 'get' as keyof CartPilotClient, (args) => (String(args[0]).startsWith('/offers/') ? 'offer' : undefined));
}, 60_000);
afterAll(async () => h?.close());

async function ok(who: Shopper, fn: string, body: unknown, status = 200) {
  const res = await who.call(fn, body);
  expect(res.status, `${fn}: ${res.text}`).toBe(status);
  return res.json.data;
}

describe('create_checkout', () => {
  it('reads the policy and the earlier checkouts while the offer is fetched', async () => {
    const ana = shopper(h, 'ana');
    const intent = await ok(ana, 'create-intent', { query: 'wireless headphones' }, 201);
    const offers = await ok(ana, 'get-intent-offers', { intent_id: intent.intent_id });
    log = [];
    const created = await ok(ana, 'create-checkout', { offer_id: offers.offers[0].offer_id, items: X1_BLACK_X2 }, 201);
    expect(created).toMatchObject({ created: true, status: 'created' });
    const offerEnd = log.indexOf('offer:end');
    // All three under way before the offer is back (either read may finish before it does).
    expect(
      log
        .slice(0, offerEnd)
        .filter((e) => e.endsWith(':start'))
        .sort(),
    ).toEqual(['checkouts:start', 'offer:start', 'policy:start']);
  });

  it('still refuses an offer of someone else’s search, whatever it read alongside', async () => {
    const ana = shopper(h, 'ana');
    const bo = shopper(h, 'bo');
    const intent = await ok(ana, 'create-intent', { query: 'wireless headphones' }, 201);
    const offers = await ok(ana, 'get-intent-offers', { intent_id: intent.intent_id });
    const res = await bo.call('create-checkout', { offer_id: offers.offers[0].offer_id, items: X1_BLACK_X2 });
    expect(res.status, res.text).toBe(404);
    expect(res.json.error.code).toBe('not_found');
  });
});
