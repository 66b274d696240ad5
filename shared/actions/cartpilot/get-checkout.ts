import { z } from 'zod';
import { defineAction } from '../define-action';
import { getCheckout as get } from '../../commerce/checkout-sync';
import { commerceFor } from '../../commerce/deps';
import { CheckoutView } from '../../commerce/views';
import { idField } from './fields';

const Input = z.strictObject({
  checkout_id: idField('The checkout_id from create_checkout.'),
});

export const getCheckout = defineAction({
  name: 'get_checkout',
  description: 'Show a checkout: status, priced items, totals (minor units), the frozen receipt and approval if any, and the next step.',
  input: Input,
  output: CheckoutView,
  provider: 'cartpilot',
  scopes: [],
  effect: 'read',
  run: (input, ctx) => get(commerceFor(ctx), ctx.user.uid, input.checkout_id),
});
