import { z } from 'zod';
import { AppError } from '../errors';
import { CURRENCIES } from '../providers/cartpilot/schemas';

// A user's own limits on what may be approved. Amounts are integer minor units per currency
// (cents for USD). Checked at request_approval (early, so nobody is asked to approve what would
// be refused) and, authoritatively, inside the approve_checkout transaction against the day's
// ledger. Days are UTC days. The ledger counts approvals; a voided approval is refunded, a
// cancelled order is not (conservative: it was approved and may have been charged).

const Amounts = z
  .partialRecord(z.enum(CURRENCIES), z.int().min(0).max(100_000_000))
  .describe('Limit per currency in minor units (cents), e.g. {"USD": 50000} for $500.00.');

export const SpendingPolicySchema = z.strictObject({
  max_per_order: Amounts.describe('Largest single order per currency, in minor units.'),
  max_per_day: Amounts.describe('Largest total approved per UTC day per currency, in minor units.'),
  allowed_currencies: z.array(z.enum(CURRENCIES)).max(CURRENCIES.length).describe('Currencies purchases may be made in.'),
  allowed_merchants: z
    .array(
      z
        .string()
        .min(1)
        .max(128)
        .regex(/^[\w.:-]+$/),
    )
    .max(100)
    .nullable()
    .describe('CartPilot merchant ids purchases may be made from; null allows every merchant.'),
});
export type SpendingPolicy = z.infer<typeof SpendingPolicySchema>;

/** Without a policy of their own, a user may spend up to 500 per order and 1,000 per day. */
export const DEFAULT_SPENDING_POLICY: SpendingPolicy = {
  max_per_order: { USD: 50_000, EUR: 50_000, GBP: 50_000 },
  max_per_day: { USD: 100_000, EUR: 100_000, GBP: 100_000 },
  allowed_currencies: [...CURRENCIES],
  allowed_merchants: null,
};

export interface Purchase {
  merchantId: string;
  currency: string;
  totalCents: number;
}

/** Refuses (403 forbidden, details.code says which rule) a purchase the policy does not allow. */
export function checkSpendingPolicy(policy: SpendingPolicy, p: Purchase, spentTodayCents?: number): void {
  const currency = CURRENCIES.find((c) => c === p.currency);
  if (!currency || !policy.allowed_currencies.includes(currency)) {
    throw refused('CURRENCY_NOT_ALLOWED', `Your spending policy does not allow purchases in ${p.currency}.`, { currency: p.currency });
  }
  assertMerchantAllowed(policy, p.merchantId);
  const perOrder = policy.max_per_order[currency] ?? 0;
  if (p.totalCents > perOrder) {
    throw refused('ORDER_LIMIT_EXCEEDED', 'This order exceeds your per-order limit.', { currency, limit: perOrder, amount: p.totalCents });
  }
  if (spentTodayCents === undefined) return;
  const perDay = policy.max_per_day[currency] ?? 0;
  if (spentTodayCents + p.totalCents > perDay) {
    throw refused('DAILY_LIMIT_EXCEEDED', 'This order would exceed your daily spending limit.', {
      currency,
      limit: perDay,
      spent_today: spentTodayCents,
      amount: p.totalCents,
    });
  }
}

export function assertMerchantAllowed(policy: SpendingPolicy, merchantId: string): void {
  if (policy.allowed_merchants && !policy.allowed_merchants.includes(merchantId)) {
    throw refused('MERCHANT_NOT_ALLOWED', `Your spending policy does not allow purchases from ${merchantId}.`, { merchant_id: merchantId });
  }
}

function refused(code: string, message: string, details: Record<string, unknown>): AppError {
  return new AppError('forbidden', message, { details: { code, ...details } });
}

/** The UTC day a ledger entry belongs to, e.g. "2026-03-01". */
export function ledgerDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}
