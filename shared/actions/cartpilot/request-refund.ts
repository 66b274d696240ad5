import { z } from 'zod';
import { defineAction } from '../define-action';
import { commerceFor } from '../../commerce/deps';
import { requireFreshIdentity } from '../../commerce/fresh-identity';
import { requestRefund as refund } from '../../commerce/order-flow';
import { OrderView } from '../../commerce/views';
import { idField } from './fields';

// effect 'purchase', gated like cancel_order: money moves, so it is the user's own act (a model's
// call only proposes it for the user's approval).

const Input = z.strictObject({
  order_id: idField('The order_id to refund.'),
  reason: z
    .string()
    .trim()
    .min(1)
    .max(500)
    .regex(/^[^\r\n]+$/)
    .describe('Why the user asks for a refund, e.g. "arrived damaged".'),
  amount: z.int().min(1).max(100_000_000).optional().describe("Partial refund in the order's minor units (cents); omit to refund the whole order."),
});

export const requestRefund = defineAction({
  name: 'request_refund',
  description:
    "Ask the merchant to refund an order of the user's that was delivered, returned or cancelled (all of it, or `amount` of it). Only the user can decide this; an assistant must never call it on its own.",
  input: Input,
  output: OrderView,
  provider: 'cartpilot',
  scopes: [],
  effect: 'purchase',
  preview: (input) => ({
    kind: 'refund_order',
    title: `Ask for a refund of ${input.amount === undefined ? 'the whole of' : `${input.amount} minor units of`} order ${input.order_id}`,
    details: { ...input, amount: input.amount ?? null },
  }),
  // Money moves back: like cancelling, a person who signed in recently asks for it themselves.
  run: (input, ctx) => {
    requireFreshIdentity(ctx.user, ctx.clock.now());
    return refund(commerceFor(ctx), ctx.user.uid, input.order_id, input.reason, input.amount);
  },
});
