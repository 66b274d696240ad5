import { z } from 'zod';
import { defineAction } from '../define-action';
import { commerceFor } from '../../commerce/deps';
import { listOrders as list } from '../../commerce/order-flow';
import { OrderView } from '../../commerce/views';
import { ORDER_STATUSES } from '../../providers/cartpilot/schemas';
import { pageField, pageSizeField } from './fields';

const Input = z.strictObject({
  status: z.enum(ORDER_STATUSES).optional().describe('Only orders in this status.'),
  page: pageField,
  page_size: pageSizeField(50, 10),
});

const Output = z.object({ orders: z.array(OrderView), page: z.int(), page_size: z.int(), has_more: z.boolean() });

export const listOrders = defineAction({
  name: 'list_orders',
  description: "List the user's orders, newest first, optionally only those in one status.",
  input: Input,
  output: Output,
  provider: 'cartpilot',
  scopes: [],
  effect: 'read',
  run: (input, ctx) => list(commerceFor(ctx), ctx.user.uid, { status: input.status, page: input.page, pageSize: input.page_size }),
});
