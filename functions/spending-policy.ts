import { requireFreshIdentity } from '../shared/commerce/fresh-identity';
import { ledgerDay, SpendingPolicySchema } from '../shared/commerce/spending-policy';
import { defineEndpoint } from '../shared/http/endpoint';
import { sendData } from '../shared/http/envelope';
import { readJsonBody } from '../shared/http/request-limits';
import { header } from '../shared/http/types';
import { parseInput } from '../shared/http/validate-input';
import type { Runtime } from '../shared/runtime/runtime';
import { SpendingStore } from '../shared/commerce/spending-store';

// The caller's spending policy: GET reads it (defaults when never set) with today's approved
// total; PUT replaces it. Not an action, so the assistant can neither read nor change it, and
// changing it needs a recent sign-in like approving a purchase does.
export const spendingPolicy = defineEndpoint({
  name: 'spending-policy',
  description: "The caller's shopping limits: max per order and per UTC day (minor units per currency), allowed currencies and merchants.",
  access: 'user',
  methods: ['GET', 'PUT'],
  secrets: [],
  openapi: {
    get: { summary: 'Read your spending policy and what was approved today', responses: { '200': { description: '{policy, today: {day, spent}}' } } },
    put: {
      summary: 'Replace your spending policy (needs a sign-in within 5 minutes)',
      requestBody: {
        required: true,
        content: { 'application/json': { schema: { type: 'object', required: ['max_per_order', 'max_per_day', 'allowed_currencies', 'allowed_merchants'] } } },
      },
      responses: { '200': { description: '{policy, today: {day, spent}}' } },
    },
  },
  handle: async (req, res, scope) => {
    const { runtime } = scope;
    const caller = await runtime.verifyCaller(header(req, 'authorization'));
    const store = new SpendingStore(runtime.stores.db, () => runtime.clock.now());
    if (req.method.toUpperCase() === 'PUT') {
      const policy = parseInput(SpendingPolicySchema, readJsonBody(req));
      requireFreshIdentity(caller, runtime.clock.now());
      await store.setPolicy(caller.uid, policy);
    }
    sendData(res, 200, await current(store, caller.uid, runtime));
  },
});

async function current(store: SpendingStore, uid: string, runtime: Runtime) {
  const day = ledgerDay(runtime.clock.now());
  const [policy, ledger] = await Promise.all([store.getPolicy(uid), store.ledger(uid, day)]);
  return { policy, today: { day, spent: ledger.spent } };
}
