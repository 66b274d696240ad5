import type { Firestore, Transaction } from '@google-cloud/firestore';
import { AppError } from '../errors';
import { OrderStatusSchema, type Order, type OrderStatus } from '../providers/cartpilot/schemas';
import { commercePaths } from './commerce-paths';
import { OrderRecordSchema, type OrderRecord } from './commerce-records';
import { canonicalJson } from '../store/idempotency';
import { OrderIndexStore } from './order-index-store';
import { movesForward, nextSyncAtMs } from './order-merge';

// users/{uid}/orders/{orderId} (the user's mirror of a CartPilot order) and its history as one
// document per move (users/{uid}/orders/{id}/history/{index}); the indexes over all users'
// orders are in order-index-store.ts.
//
// The mirror only moves forward (order-merge.ts): news from CartPilot or a merchant that would
// move the order back — a slow read racing a newer one, a late event — changes nothing.

/** What a merchant's event says about an order. */
export interface OrderNews {
  status?: OrderStatus;
  at?: string;
  reason?: string;
  trackingNumber?: string | null;
  carrier?: string | null;
}

interface MergePlan {
  fields: Partial<OrderRecord>;
  moves: Array<{ to: string; at: string; reason?: string | null; actor?: string | null }>;
  observedBy?: string;
  eventId?: string;
}

export class OrdersStore {
  readonly index: OrderIndexStore;

  constructor(
    private readonly db: () => Promise<Firestore>,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.index = new OrderIndexStore(db);
  }

  async get(uid: string, orderId: string): Promise<OrderRecord | undefined> {
    const snap = await commercePaths.order(await this.db(), uid, orderId).get();
    return snap.exists ? OrderRecordSchema.parse(snap.data()) : undefined;
  }

  async getOwned(uid: string, orderId: string): Promise<OrderRecord> {
    const rec = await this.get(uid, orderId);
    if (!rec) throw new AppError('not_found', `No order ${orderId} of yours exists.`, { details: { order_id: orderId } });
    return rec;
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

  /** The order and its indexes, in the commit that records the purchase. */
  async existsInTx(tx: Transaction, db: Firestore, uid: string, orderId: string): Promise<boolean> {
    return (await tx.get(commercePaths.order(db, uid, orderId))).exists;
  }

  createInTx(tx: Transaction, db: Firestore, rec: OrderRecord): void {
    tx.set(commercePaths.order(db, rec.uid, rec.orderId), rec);
    this.index.createInTx(tx, db, rec, nextSyncAtMs(rec.status, Date.parse(rec.createdAt), this.now().getTime()));
  }

  /**
   * Merges CartPilot's authoritative `order` into the user's mirror: its history entries not yet
   * read, each recorded only if it moves our order forward. `observedBy` says who brought the
   * news: a uid, 'webhook', 'cartpilot' or 'scheduler'.
   */
  async sync(uid: string, order: Order, observedBy: string, eventId?: string): Promise<OrderRecord> {
    return this.merge(uid, order.id, (existing) => {
      const version = order.status_history.length;
      if (existing.version > version) return { fields: {}, moves: [] };
      const moves = order.status_history.slice(existing.version).map((h) => ({ to: h.to_status, at: h.created_at, reason: h.reason, actor: h.actor }));
      const { status: _status, ...fields } = fromCartPilot(order);
      return { fields: { ...fields, ...keepKnown(existing, fields), version }, moves, observedBy, eventId };
    });
  }

  /** A merchant's event: its status (if any) forward-only, its tracking details if it has some. */
  async applyEvent(uid: string, orderId: string, news: OrderNews, eventId: string): Promise<OrderRecord> {
    return this.merge(uid, orderId, (existing) => {
      const fields = { trackingNumber: news.trackingNumber ?? existing.trackingNumber, carrier: news.carrier ?? existing.carrier };
      const moves = news.status ? [{ to: news.status, at: news.at ?? this.now().toISOString(), reason: news.reason, actor: 'merchant' }] : [];
      return { fields, moves, observedBy: 'webhook', eventId };
    });
  }

  /** One transaction: the moves that go forward become history and the status; fields are set. */
  private async merge(uid: string, orderId: string, plan: (existing: OrderRecord) => MergePlan): Promise<OrderRecord> {
    const db = await this.db();
    const ref = commercePaths.order(db, uid, orderId);
    return db.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      if (!snap.exists) throw new AppError('not_found', `No order ${orderId} of yours exists.`);
      const existing = OrderRecordSchema.parse(snap.data());
      const p = plan(existing);
      let status = existing.status;
      let count = existing.historyCount ?? existing.version;
      for (const m of p.moves) {
        const to = OrderStatusSchema.safeParse(m.to);
        // The very first entry (the order being placed) is recorded even though it moves nothing.
        if (!to.success || (count > 0 && !movesForward(status, to.data))) continue;
        tx.set(ref.collection('history').doc(String(count).padStart(5, '0')), {
          index: count,
          from: count > 0 ? status : null,
          to: to.data,
          at: m.at,
          reason: m.reason ?? null,
          actor: m.actor ?? null,
          observedBy: p.observedBy ?? null,
          eventId: p.eventId ?? null,
        });
        status = to.data;
        count++;
      }
      // Rescheduled either way (the scheduled sync backs off); the order is written only if it changed.
      this.index.scheduleInTx(tx, db, orderId, nextSyncAtMs(status, Date.parse(existing.createdAt), this.now().getTime()));
      const merged: OrderRecord = { ...existing, ...p.fields, status, historyCount: count };
      if (canonicalJson(merged) === canonicalJson({ ...existing, historyCount: count })) return existing;
      const next = { ...merged, updatedAt: this.now().toISOString() };
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

/** Tracking details CartPilot does not (yet) have are kept from merchants' events. */
function keepKnown(existing: OrderRecord, fromCp: Pick<OrderRecord, 'trackingNumber' | 'carrier'>): Pick<OrderRecord, 'trackingNumber' | 'carrier'> {
  return { trackingNumber: fromCp.trackingNumber ?? existing.trackingNumber, carrier: fromCp.carrier ?? existing.carrier };
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
