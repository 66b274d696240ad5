import { createHash } from 'node:crypto';
import type { DocumentReference, Firestore } from '@google-cloud/firestore';

// Where the shopping documents live. Everything personal is under users/{uid}, so a user can only
// ever reach their own checkouts, approvals and orders; the top-level collections hold no
// personal data beyond the owner's uid (needed to route a merchant's webhook to the user).

export const commercePaths = {
  user: (db: Firestore, uid: string) => db.collection('users').doc(uid),
  intent: (db: Firestore, uid: string, intentId: string) => commercePaths.user(db, uid).collection('intents').doc(intentId),
  checkout: (db: Firestore, uid: string, checkoutId: string) => commercePaths.user(db, uid).collection('checkouts').doc(checkoutId),
  approval: (db: Firestore, uid: string, approvalId: string) => commercePaths.user(db, uid).collection('approvals').doc(approvalId),
  order: (db: Firestore, uid: string, orderId: string) => commercePaths.user(db, uid).collection('orders').doc(orderId),
  spendingPolicy: (db: Firestore, uid: string) => commercePaths.user(db, uid).collection('settings').doc('spending'),
  ledger: (db: Firestore, uid: string, day: string) => commercePaths.user(db, uid).collection('spending').doc(day),
  /** One per approved receipt: the confirm claim (see confirmations.ts). */
  confirmation: (db: Firestore, uid: string, checkoutId: string, receiptHash: string) =>
    commercePaths.checkout(db, uid, checkoutId).collection('confirmations').doc(receiptHash),
  orderOwner: (db: Firestore, orderId: string) => db.collection('orderOwners').doc(orderId),
  /** Merchants name orders by their own id: merchant_order_id → our order (see order-index-store.ts). */
  merchantOrder: (db: Firestore, merchantId: string, merchantOrderId: string) =>
    db.collection('merchantOrders').doc(createHash('sha256').update(`${merchantId}:${merchantOrderId}`).digest('hex')),
  // Hashed: merchant-chosen ids may hold characters a document id cannot.
  webhookEvent: (db: Firestore, merchantId: string, eventId: string) =>
    db.collection('webhookEvents').doc(createHash('sha256').update(`${merchantId}:${eventId}`).digest('hex')),
};

/** A new document id in a subcollection of `parent` (Firestore's own random ids). */
export function autoId(parent: DocumentReference, collection: string): DocumentReference {
  return parent.collection(collection).doc();
}
