import { z } from 'zod';
import { defineAction } from '../define-action';
import { confirmCheckout as confirm } from '../../commerce/confirm';
import { ConfirmView } from '../../commerce/confirm-run';
import { commerceFor } from '../../commerce/deps';
import { idField } from './fields';

// effect 'purchase': executed only on the user's own request, never from a model's call.

const Input = z.strictObject({
  checkout_id: idField('The checkout_id of an approved checkout.'),
});

export const confirmCheckout = defineAction({
  name: 'confirm_checkout',
  description:
    'Buy: executes the purchase of an approved checkout and returns the order. Runs at most once per approved receipt; repeating it returns the same order. Only the user can do this; an assistant must never call it on its own.',
  input: Input,
  output: ConfirmView,
  provider: 'cartpilot',
  scopes: [],
  effect: 'purchase',
  humanOnly: true,
  run: (input, ctx) => confirm(commerceFor(ctx), ctx.user.uid, input.checkout_id),
});
