import type { Firestore, Transaction } from '@google-cloud/firestore';
import { AppError } from '../errors';
import type { Order, OrderStatus } from '../providers/cartpilot/schemas';
import { commercePaths } from './commerce-paths';
import { OrderRecordSchema, type OrderRecord } from './commerce-records';

// users/{uid}/orders/{orderId} (the user's mirror of a CartPilot order), its history as one
// document per transition (users/{uid}/orders/{id}/history/{index}), and orderOwners/{orderId} →
// uid so a merchant's webhook, which names only the order, reaches the right user.
//
// The mirror only moves forward: CartPilot's status_history length is the order's version, and a
// read of an older version (a slow webhook racing a newer one) never overwrites a newer one.

export class OrdersStore {
  constructor(
    private readonly db: () => Promise<Firestore>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async get(uid: string, orderId: string): Promise<OrderRecord | undefined> {
    const snap = await commercePaths.order(await this.db(), uid, orderId).get();
    return snap.exists ? OrderRecordSchema.parse(snap.data()) : undefined;
  }

  async getOwned(uid: string, orderId: string): Promise<OrderRecord> {
    const rec = await this.get(uid, orderId);
    if (!rec) throw new AppError('not_found', `No order ${orderId} of yours exists.`, { details: { order_id: orderId } });
    return rec;
  }

  /** Who bought `orderId` and from which merchant (for routing and checking webhooks). */
  async ownerOf(orderId: string): Promise<{ uid: string; merchantId: string } | undefined> {
    const data = (await commercePaths.orderOwner(await this.db(), orderId).get()).data();
    const uid: unknown = data?.uid;
    const merchantId: unknown = data?.merchantId;
    return typeof uid === 'string' && typeof merchantId === 'string' ? { uid, merchantId } : undefined;
  }

  /**
   * Newest first. Filtering by status needs the composite index (status ASC, createdAt DESC) on
   * the `orders` collection group in production; the emulator needs none.
   */
  async list(uid: string, opts: { status?: OrderStatus; page: number; pageSize: number }): Promise<{ orders: OrderRecord[]; hasMore: boolean }> {
    const db = await this.db();
    let q = commercePaths.user(db, uid).collection('orders').orderBy('createdAt', 'desc');
    if (opts.status) q = q.where('status', '==', opts.status);
    const snap = await q
      .offset((opts.page - 1) * opts.pageSize)
      .limit(opts.pageSize + 1)
      .get();
    const orders = snap.docs.slice(0, opts.pageSize).map((d) => OrderRecordSchema.parse(d.data()));
    return { orders, hasMore: snap.docs.length > opts.pageSize };
  }

  /** Orders whose status moved after `since` (ISO), newest change first (single-field index on updatedAt). */
  async changedSince(uid: string, since: string, limit: number): Promise<OrderRecord[]> {
    const db = await this.db();
    const snap = await commercePaths.user(db, uid).collection('orders').where('updatedAt', '>', since).orderBy('updatedAt', 'desc').limit(limit).get();
    return snap.docs.map((d) => OrderRecordSchema.parse(d.data()));
  }

  /** The order and its owner index, in the commit that records the purchase. */
  createInTx(tx: Transaction, db: Firestore, rec: OrderRecord): void {
    tx.set(commercePaths.order(db, rec.uid, rec.orderId), rec);
    tx.set(commercePaths.orderOwner(db, rec.orderId), { uid: rec.uid, checkoutId: rec.checkoutId, merchantId: rec.merchantId, createdAt: rec.createdAt });
  }

  /**
   * Writes CartPilot's authoritative `order` into the user's mirror, with any history entries not
   * yet mirrored. `observedBy` says who brought the news: a uid, 'webhook' or 'cartpilot'.
   */
  async sync(uid: string, order: Order, observedBy: string, eventId?: string): Promise<OrderRecord> {
    const db = await this.db();
    const ref = commercePaths.order(db, uid, order.id);
    return db.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      if (!snap.exists) throw new AppError('not_found', `No order ${order.id} of yours exists.`);
      const existing = OrderRecordSchema.parse(snap.data());
      const version = order.status_history.length;
      if (existing.version > version) return existing;
      order.status_history.slice(existing.version).forEach((h, i) => {
        const index = existing.version + i;
        tx.set(ref.collection('history').doc(String(index).padStart(5, '0')), {
          index,
          from: h.from_status ?? null,
          to: h.to_status,
          at: h.created_at,
          reason: h.reason ?? null,
          actor: h.actor ?? null,
          observedBy,
          eventId: eventId ?? null,
        });
      });
      const next: OrderRecord = { ...existing, ...fromCartPilot(order), version, updatedAt: this.now().toISOString() };
      tx.set(ref, next);
      return next;
    });
  }

  async history(uid: string, orderId: string): Promise<Array<Record<string, unknown>>> {
    const snap = await commercePaths
      .order(await this.db(), uid, orderId)
      .collection('history')
      .orderBy('index')
      .get();
    return snap.docs.map((d) => d.data());
  }
}

/** The fields of our mirror that CartPilot's order determines. */
export function fromCartPilot(o: Order): Pick<OrderRecord, 'status' | 'merchantOrderId' | 'totalCents' | 'currency' | 'lines' | 'trackingNumber' | 'carrier'> {
  return {
    status: o.status,
    merchantOrderId: o.merchant_order_id ?? null,
    totalCents: o.total.amount,
    currency: o.total.currency,
    lines: o.items.map((i) => ({
      productId: i.product_id,
      variantId: i.variant_id ?? null,
      sku: i.sku ?? '',
      title: i.title,
      unitPriceCents: i.unit_price.amount,
      quantity: i.quantity,
    })),
    trackingNumber: o.tracking_number ?? null,
    carrier: o.carrier ?? null,
  };
}
