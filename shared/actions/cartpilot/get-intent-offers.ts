import { z } from 'zod';
import { defineAction } from '../define-action';
import { commerceFor } from '../../commerce/deps';
import { intentOffers } from '../../commerce/intent-flow';
import { OfferView } from '../../commerce/views';
import { idField, pageField, pageSizeField } from './fields';

const Input = z.strictObject({
  intent_id: idField('The intent_id returned by create_intent.'),
  page: pageField,
  page_size: pageSizeField(100, 10),
});

const Output = z.object({
  intent_id: z.string(),
  offers: z.array(OfferView),
  page: z.int(),
  page_size: z.int(),
  total: z.int(),
  has_more: z.boolean(),
});

export const getIntentOffers = defineAction({
  name: 'get_intent_offers',
  description: "List the merchants' offers for an intent: products, variants, prices in minor units (cents), stock. Offers expire after an hour.",
  input: Input,
  output: Output,
  provider: 'cartpilot',
  scopes: [],
  effect: 'read',
  run: (input, ctx) => intentOffers(commerceFor(ctx), ctx.user.uid, input.intent_id, input.page, input.page_size),
});
