import { z } from 'zod';
import { defineAction } from '../define-action';
import { commerceFor } from '../../commerce/deps';
import { requestApproval as request } from '../../commerce/request-purchase-approval';
import { ApprovalView } from '../../commerce/views';
import { idField } from './fields';
import { approveCheckout } from './approve-checkout';
import { confirmCheckout } from './confirm-checkout';
import { purchasePreview } from './purchase-preview';

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
  // Freezing the receipt spends nothing, so it runs at once; its answer waits for the person, who
  // sees the frozen receipt. Approving it buys: approve at CartPilot, then place the order.
  approvesResult: {
    effect: 'purchase',
    preview: purchasePreview,
    binding: (output) => ({ approval_id: output.approval_id, checkout_id: output.checkout_id }),
    onApprove: () => ({ approval: approveCheckout, order: confirmCheckout }),
    laterStepFailed: 'The purchase was approved but placing the order failed',
  },
  run: (input, ctx) => request(commerceFor(ctx), ctx.user.uid, input.checkout_id),
});
