import { z } from 'zod';
import { defineAction } from '../define-action';
import { approveCheckout as approve } from '../../commerce/approve-checkout';
import { commerceFor } from '../../commerce/deps';
import { Money } from '../../commerce/views';
import { idField } from './fields';

// effect 'purchase': the orchestrator never executes a purchase action from a model's function
// call; it hands the call to the user, whose own request (with a recent sign-in) runs it.

const Input = z.strictObject({
  approval_id: idField('The approval_id returned by request_approval.'),
});

const Output = z.object({
  approval_id: z.string(),
  checkout_id: z.string(),
  status: z.string(),
  receipt_hash: z.string(),
  total: Money,
  approved_at: z.string(),
});

export const approveCheckout = defineAction({
  name: 'approve_checkout',
  description:
    'The user approves the frozen receipt of an approval request (single use, within 15 minutes, within their spending limits). Only the user can do this, with a recent sign-in; an assistant must never call it on its own.',
  input: Input,
  output: Output,
  provider: 'cartpilot',
  scopes: [],
  effect: 'purchase',
  humanOnly: true,
  run: (input, ctx) => approve(commerceFor(ctx), ctx.user, input.approval_id),
});
