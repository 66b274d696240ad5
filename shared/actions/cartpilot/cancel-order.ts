import { z } from 'zod';
import { defineAction } from '../define-action';
import { commerceFor } from '../../commerce/deps';
import { requireFreshIdentity } from '../../commerce/fresh-identity';
import { cancelOrder as cancel } from '../../commerce/order-flow';
import { OrderView } from '../../commerce/views';
import { idField } from './fields';

// effect 'purchase': cancelling moves money back, so, like buying, it is the user's own act —
// and, like approving a purchase, it needs a recent sign-in, whether it comes through an
// approval or straight over HTTP (checked before anything is read or sent).

const Input = z.strictObject({
  order_id: idField('The order_id to cancel.'),
  reason: z
    .string()
    .trim()
    .min(1)
    .max(500)
    .regex(/^[^\r\n]+$/)
    .describe('Why the user cancels, e.g. "ordered the wrong size".'),
});

export const cancelOrder = defineAction({
  name: 'cancel_order',
  description:
    "Cancel an order of the user's that has not been delivered yet (pending, confirmed or shipped). Only the user can do this; an assistant must never call it on its own.",
  input: Input,
  output: OrderView,
  provider: 'cartpilot',
  scopes: [],
  effect: 'purchase',
  preview: (input) => ({ kind: 'cancel_order', title: `Cancel order ${input.order_id}`, details: { ...input } }),
  run: (input, ctx) => {
    requireFreshIdentity(ctx.user, ctx.clock.now());
    return cancel(commerceFor(ctx), ctx.user.uid, input.order_id, input.reason);
  },
});
