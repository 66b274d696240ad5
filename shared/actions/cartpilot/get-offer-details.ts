import { z } from 'zod';
import { defineAction } from '../define-action';
import { commerceFor } from '../../commerce/deps';
import { offerDetails } from '../../commerce/intent-flow';
import { OfferView } from '../../commerce/views';
import { idField } from './fields';

const Input = z.strictObject({
  offer_id: idField('An offer_id from get_intent_offers.'),
});

export const getOfferDetails = defineAction({
  name: 'get_offer_details',
  description: 'Show one offer in full: every product and variant with price (minor units), stock, rating, and when the offer expires.',
  input: Input,
  output: OfferView,
  provider: 'cartpilot',
  scopes: [],
  effect: 'read',
  run: (input, ctx) => offerDetails(commerceFor(ctx), ctx.user.uid, input.offer_id),
});
