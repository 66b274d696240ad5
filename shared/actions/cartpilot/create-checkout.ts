import { z } from 'zod';
import { defineAction } from '../define-action';
import { createCheckout as create } from '../../commerce/checkout-create';
import { currentApproval } from '../../commerce/checkout-sync';
import { commerceFor } from '../../commerce/deps';
import { CheckoutView, checkoutView } from '../../commerce/views';
import { idField, itemsField } from './fields';

const Input = z.strictObject({
  offer_id: idField('The offer_id the items come from (see get_intent_offers).'),
  items: itemsField,
});

const Output = CheckoutView.extend({ created: z.boolean() });

export const createCheckout = defineAction({
  name: 'create_checkout',
  description:
    'Open a checkout for items of one offer. Nothing is bought. Calling again with the same offer and items returns the open checkout for them (created: false) instead of a second one. Next: quote_checkout.',
  input: Input,
  output: Output,
  provider: 'cartpilot',
  scopes: [],
  effect: 'write',
  // Creates state at CartPilot only; nothing is sent or spent. The person approves the frozen receipt.
  prepares: true,
  successStatus: 201,
  run: async (input, ctx) => {
    const cm = commerceFor(ctx);
    const { record, created } = await create(cm, ctx.user.uid, input.offer_id, input.items);
    return { ...checkoutView(record, await currentApproval(cm, record), ctx.clock.now()), created };
  },
});
