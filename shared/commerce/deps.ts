import type { Firestore } from '@google-cloud/firestore';
import type { Config } from '../config';
import type { ActionContext, Clock, IdGenerator } from '../runtime/context';
import type { Logger } from '../log';
import { cartPilotApi, type CartPilotApi } from '../providers/cartpilot/api';
import type { SecretSource } from '../secrets';
import { ApprovalsStore } from './purchase-approvals-store';
import { CheckoutsStore } from './checkouts-store';
import { ConfirmationsStore } from './confirmations-store';
import { IntentsStore } from './intents-store';
import { OrdersStore } from './orders-store';
import { SpendingStore } from './spending-store';
import { WebhookEventsStore } from './webhook-events-store';

// Everything the shopping logic touches, built per request from an action's context (or, for the
// merchant webhook, from the runtime). Construction is cheap and connects nowhere.

export interface Commerce {
  api: CartPilotApi;
  checkouts: CheckoutsStore;
  approvals: ApprovalsStore;
  confirmations: ConfirmationsStore;
  intents: IntentsStore;
  orders: OrdersStore;
  spending: SpendingStore;
  webhookEvents: WebhookEventsStore;
  db: () => Promise<Firestore>;
  clock: Clock;
  ids: IdGenerator;
  log: Logger;
  signal: AbortSignal;
}

export interface CommerceSource {
  config: Config;
  secrets: SecretSource;
  clock: Clock;
  ids: IdGenerator;
  log: Logger;
  db: () => Promise<Firestore>;
  requestId: string;
  signal: AbortSignal;
}

export function createCommerce(s: CommerceSource): Commerce {
  const now = () => s.clock.now();
  const spending = new SpendingStore(s.db, now);
  return {
    api: cartPilotApi({ config: s.config, secrets: s.secrets, requestId: s.requestId, signal: s.signal, log: s.log }),
    checkouts: new CheckoutsStore(s.db, now),
    approvals: new ApprovalsStore(s.db, spending, now),
    confirmations: new ConfirmationsStore(s.db, now),
    intents: new IntentsStore(s.db, now),
    orders: new OrdersStore(s.db, now),
    spending,
    webhookEvents: new WebhookEventsStore(s.db, now),
    db: s.db,
    clock: s.clock,
    ids: s.ids,
    log: s.log,
    signal: s.signal,
  };
}

export function commerceFor(ctx: ActionContext): Commerce {
  return createCommerce({ ...ctx, db: ctx.stores.db });
}
