// Building blocks shared by every CartPilot schema: money, timestamps, pagination, error bodies.
// Written from CartPilot's OpenAPI document (v0.1.0) and notes on its real behaviour; the
// contract test (tests/unit/cartpilot-contract.test.ts) keeps these in step with that document.
//
// Policy for every response schema here: z.object() strips keys we do not model, so CartPilot can
// add fields without breaking us, while the fields we do rely on are typed strictly. Optional
// response fields that CartPilot may send as null use .nullish(): FastAPI serialises unset
// Optional fields as null, and older/newer servers may omit them altogether.
import { z } from 'zod';

export const CURRENCIES = ['USD', 'EUR', 'GBP'] as const;
export const CurrencySchema = z.enum(CURRENCIES);
export type Currency = z.infer<typeof CurrencySchema>;

/** `{amount, currency}` with amount in integer minor units (cents). Never a float. */
export const MoneySchema = z.object({
  amount: z.int(),
  currency: CurrencySchema,
});

/**
 * A timestamp as CartPilot writes it. Python's isoformat() may emit `+00:00`, `Z` or (for naive
 * datetimes) no offset at all, with 0–6 fractional digits, so all of those are accepted.
 */
export const DateTimeSchema = z.iso.datetime({ offset: true, local: true });

/** Free-form JSON object (metadata, audit details). */
export const JsonObjectSchema = z.record(z.string(), z.unknown());

export const ErrorDetailSchema = z.object({
  field: z.string().nullish(),
  message: z.string().nullish(),
});
export type ErrorDetail = z.infer<typeof ErrorDetailSchema>;

/** CartPilot's own error envelope (every non-422 error). */
export const ErrorBodySchema = z.object({
  error_code: z.string(),
  message: z.string(),
  details: z.array(ErrorDetailSchema).nullish(),
  request_id: z.string().nullish(),
});

/** One entry of FastAPI's request-validation error list (422 `{"detail": [...]}`). */
export const ValidationIssueSchema = z.object({
  type: z.string(),
  loc: z.array(z.union([z.string(), z.int()])),
  msg: z.string(),
  input: z.unknown().optional(),
  ctx: JsonObjectSchema.optional(),
});
export type ValidationIssue = z.infer<typeof ValidationIssueSchema>;

export const ValidationErrorBodySchema = z.object({
  detail: z.array(ValidationIssueSchema),
});

/** 409 from approve/confirm (and documented for quote) when the price moved after freezing. */
export const ReapprovalRequiredBodySchema = z.object({
  error_code: z.literal('REAPPROVAL_REQUIRED'),
  message: z.string(),
  checkout_id: z.string(),
  original_total: MoneySchema,
  new_total: MoneySchema,
  price_difference: MoneySchema.nullish(),
  request_id: z.string().nullish(),
});

export const PAGE_SIZE_DEFAULT = 20;
export const PAGE_SIZE_MAX = 100;

/** Fields every paginated list carries next to its `items`. */
export const PaginationSchema = z.object({
  total: z.int().min(0),
  page: z.int().min(1),
  page_size: z.int().min(1).max(PAGE_SIZE_MAX),
  has_more: z.boolean(),
});

/**
 * `{items, total, page, page_size, has_more}` around any item schema. The document's allOf does
 * not mark `items` required, so a missing list reads as empty rather than failing the parse.
 */
export function paginated<T extends z.ZodType>(item: T) {
  return PaginationSchema.extend({ items: z.array(item).default([]) });
}

/** Query of the paginated GET endpoints (sent as strings; page ≥ 1, page_size 1..100). */
export const PageQuerySchema = z.object({
  page: z.int().min(1).default(1),
  page_size: z.int().min(1).max(PAGE_SIZE_MAX).default(PAGE_SIZE_DEFAULT),
});
