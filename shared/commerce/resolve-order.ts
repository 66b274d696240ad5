import type { Commerce } from './deps';

// CartPilot answers a confirm of an already confirmed checkout under another Idempotency-Key
// (after an API-key rotation, a retired key, or a confirm made elsewhere) with its stored result
// but `order_id: null` (measured). The purchase did happen; its order is found in CartPilot's
// order list by the merchant's order id, newest first, so the first page nearly always has it.

const PAGE_SIZE = 100;
const MAX_PAGES = 5;

export async function resolveOrderId(cm: Commerce, merchantId: string, merchantOrderId: string): Promise<string | undefined> {
  if (!merchantOrderId) return undefined;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const list = await cm.api.listOrders({ page, pageSize: PAGE_SIZE, merchantId });
    const hit = list.items.find((o) => o.merchant_order_id === merchantOrderId);
    if (hit) return hit.id;
    if (!list.has_more) return undefined;
  }
  return undefined;
}
