import { z } from 'zod';
import { defineAction } from '../define-action';
import { commerceFor } from '../../commerce/deps';
import { getOrderStatus as get } from '../../commerce/order-flow';
import { OrderView } from '../../commerce/views';
import { idField } from './fields';

const Input = z.strictObject({
  order_id: idField('The order_id returned by confirm_checkout or list_orders.'),
});

const Output = OrderView.extend({
  status_history: z
    .array(z.object({ from: z.string().nullable(), to: z.string(), at: z.string(), reason: z.string().nullable() }))
    .describe('Every status change, oldest first.'),
});

export const getOrderStatus = defineAction({
  name: 'get_order_status',
  description:
    "Show an order of the user's: status (pending, confirmed, shipped, delivered, cancelled, refunded), tracking number and carrier, items and total, and its status history.",
  input: Input,
  output: Output,
  provider: 'cartpilot',
  scopes: [],
  effect: 'read',
  run: (input, ctx) => get(commerceFor(ctx), ctx.user.uid, input.order_id),
});
