import { z } from 'zod';
import { defineAction } from '../define-action';
import { emailAddress } from '../common/fields';
import { commerceFor } from '../../commerce/deps';
import { quoteCheckout as quote } from '../../commerce/quote';
import { CheckoutView } from '../../commerce/views';
import { idField, itemsField } from './fields';

const Input = z.strictObject({
  checkout_id: idField('The checkout_id from create_checkout.'),
  items: itemsField.optional().describe("Lines to price; defaults to the checkout's current lines."),
  customer_email: emailAddress.optional().describe('Email the merchant should send order updates to.'),
});

export const quoteCheckout = defineAction({
  name: 'quote_checkout',
  description:
    "Get the merchant's current price (items, tax, shipping, total in minor units). If the price differs from an approved one, that approval is void (409 REAPPROVAL_REQUIRED) and the user must approve again. Next: request_approval.",
  input: Input,
  output: CheckoutView,
  provider: 'cartpilot',
  scopes: [],
  effect: 'write',
  // Creates state at CartPilot only; nothing is sent or spent. The person approves the frozen receipt.
  prepares: true,
  run: (input, ctx) => quote(commerceFor(ctx), ctx.user.uid, input.checkout_id, input.items, input.customer_email),
});
