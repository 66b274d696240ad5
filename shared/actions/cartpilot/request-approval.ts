import { z } from 'zod';
import { defineAction } from '../define-action';
import { commerceFor } from '../../commerce/deps';
import { requestApproval as request } from '../../commerce/request-purchase-approval';
import { ApprovalView } from '../../commerce/views';
import { idField } from './fields';

const Input = z.strictObject({
  checkout_id: idField('The checkout_id of a quoted checkout.'),
});

export const requestApproval = defineAction({
  name: 'request_approval',
  description:
    "Freeze the quoted receipt and ask the user to approve it. Returns an approval_id valid for 15 minutes; show the receipt to the user, who approves it themselves (approve_checkout). Refused if it breaks the user's spending policy.",
  input: Input,
  output: ApprovalView,
  provider: 'cartpilot',
  scopes: [],
  effect: 'write',
  successStatus: 201,
  run: (input, ctx) => request(commerceFor(ctx), ctx.user.uid, input.checkout_id),
});
