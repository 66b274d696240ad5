import { z } from 'zod';
import { documentIdSchema } from '../../store/document-id';

// Input fields the shopping actions share. Ids are CartPilot's (or our approval ids): plain
// tokens that are safe as URL path segments and Firestore document ids.

const ID = /^[\w:-][\w.:-]*$/;

export const idField = (description: string) => documentIdSchema().regex(ID).describe(description);

export const itemsField = z
  .array(
    z.strictObject({
      product_id: idField('Product id as listed in the offer, e.g. "prod-headphones-x1".'),
      variant_id: idField('Variant id as listed in the offer (needed when the product has variants), e.g. "var-x1-black".').optional(),
      quantity: z.int().min(1).max(99).describe('How many to buy (1–99).'),
    }),
  )
  .min(1)
  .max(20)
  .describe('The lines to buy: products (and variants) from the offer with quantities.');

export const pageField = z.int().min(1).max(1000).default(1).describe('Page number, starting at 1.');
export const pageSizeField = (max: number, dflt: number) => z.int().min(1).max(max).default(dflt).describe(`Items per page (1–${max}, default ${dflt}).`);
