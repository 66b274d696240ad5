import type { Firestore, Transaction } from '@google-cloud/firestore';
import { z } from 'zod';
import { commercePaths } from './commerce-paths';
import type { OrderRecord } from './commerce-records';

// The top-level indexes over every user's orders, which hold no personal data beyond the uid:
//   orderOwners/{orderId}: who bought it, from which merchant, and when the scheduled sync should
//     read it next (nextSyncAtMs; absent once the order is settled) — one indexed range query
//     finds what is due;
//   merchantOrders/{sha256(merchantId:merchantOrderId)}: merchants name orders by their own id.

const OwnerSchema = z.object({
  uid: z.string(),
  merchantId: z.string(),
  checkoutId: z.string().optional(),
  nextSyncAtMs: z.number().nullish(),
});

export interface DueOrder {
  orderId: string;
  uid: string;
}

export class OrderIndexStore {
  constructor(private readonly db: () => Promise<Firestore>) {}

  /** Who bought `orderId` and from which merchant. */
  async ownerOf(orderId: string): Promise<{ uid: string; merchantId: string } | undefined> {
    const parsed = OwnerSchema.safeParse((await commercePaths.orderOwner(await this.db(), orderId).get()).data());
    return parsed.success ? { uid: parsed.data.uid, merchantId: parsed.data.merchantId } : undefined;
  }

  /** Our order behind a merchant's order id, as order events name it. */
  async byMerchantOrder(merchantId: string, merchantOrderId: string): Promise<{ uid: string; orderId: string } | undefined> {
    const data = (await commercePaths.merchantOrder(await this.db(), merchantId, merchantOrderId).get()).data();
    const uid: unknown = data?.uid;
    const orderId: unknown = data?.orderId;
    return typeof uid === 'string' && typeof orderId === 'string' ? { uid, orderId } : undefined;
  }

  /** Orders the scheduled sync should read now, most overdue first. */
  async due(nowMs: number, limit: number): Promise<DueOrder[]> {
    const snap = await (await this.db()).collection('orderOwners').where('nextSyncAtMs', '<=', nowMs).orderBy('nextSyncAtMs').limit(limit).get();
    return snap.docs.flatMap((d) => {
      const parsed = OwnerSchema.safeParse(d.data());
      return parsed.success ? [{ orderId: d.id, uid: parsed.data.uid }] : [];
    });
  }

  /** After a failed read: try again at `atMs` rather than on every run (null: never). */
  async postpone(orderId: string, atMs: number | null): Promise<void> {
    await commercePaths.orderOwner(await this.db(), orderId).set({ nextSyncAtMs: atMs }, { merge: true });
  }

  /** Both indexes, in the commit that records the purchase. */
  createInTx(tx: Transaction, db: Firestore, rec: OrderRecord, nextSyncAtMs: number | null): void {
    const owner = { uid: rec.uid, checkoutId: rec.checkoutId, merchantId: rec.merchantId, createdAt: rec.createdAt, nextSyncAtMs };
    tx.set(commercePaths.orderOwner(db, rec.orderId), owner);
    if (rec.merchantOrderId) {
      tx.set(commercePaths.merchantOrder(db, rec.merchantId, rec.merchantOrderId), {
        uid: rec.uid,
        orderId: rec.orderId,
        merchantId: rec.merchantId,
        merchantOrderId: rec.merchantOrderId,
      });
    }
  }

  scheduleInTx(tx: Transaction, db: Firestore, orderId: string, nextSyncAtMs: number | null): void {
    tx.set(commercePaths.orderOwner(db, orderId), { nextSyncAtMs }, { merge: true });
  }
}
