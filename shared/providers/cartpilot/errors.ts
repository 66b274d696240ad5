// CartPilot's answers mapped to our error codes. CartPilot's own `error_code` always travels in
// details.error_code, so a caller (or the model) can tell OUT_OF_STOCK-like merchant refusals from
// state errors without parsing messages.
import { AppError } from '../../errors';
import { neverSent } from '../network-failure';
import { parseRetryAfter } from '../retry';
import { ErrorBodySchema, ReapprovalRequiredBodySchema, ValidationErrorBodySchema } from './common-schemas';

/** details.code on a 409 that tells the user a new approval is needed. */
export const REAPPROVAL_REQUIRED = 'REAPPROVAL_REQUIRED';

// 400s that mean "not in a state that allows this" rather than "your request is malformed": the
// same request could succeed later or after another step, so they are conflicts.
const STATE_ERRORS = new Set([
  'INVALID_STATE',
  // What the real server answers for an order move its state machine forbids (a second cancel).
  'INVALID_TRANSITION',
  'APPROVAL_REQUEST_FAILED',
  'APPROVAL_FAILED',
  'NOT_APPROVED',
  'QUOTE_REQUIRED',
  'CHECKOUT_EXPIRED',
  'OFFER_EXPIRED',
  // A merchant refusing the items (out of stock above all) is a fact about the world, not a typo.
  'MERCHANT_ERROR',
]);

const base = { provider: 'cartpilot' } as const;

/**
 * An answer below 500: CartPilot did not act, AND — measured — if the request carried an
 * Idempotency-Key the answer is now cached under it for 24 h. Whoever retries must therefore
 * use a new key, or get this refusal replayed (see idempotency-keys.ts).
 */
export class CartPilotRefusal extends AppError {}

export function isCartPilotRefusal(e: unknown): e is CartPilotRefusal {
  return e instanceof CartPilotRefusal;
}

/** An HTTP error answer from CartPilot → AppError (a CartPilotRefusal below 500). */
export function mapCartPilotResponse(status: number, body: unknown, headers: Headers, now: number = Date.now()): AppError {
  const parsed = ErrorBodySchema.safeParse(body);
  const errorCode = parsed.success ? parsed.data.error_code : `HTTP_${status}`;
  const message = parsed.success ? parsed.data.message : `CartPilot answered HTTP ${status}.`;
  const details = { ...base, error_code: errorCode, ...(parsed.success && parsed.data.details?.length ? { issues: parsed.data.details } : {}) };
  const retryAfterSec = parseRetryAfter(headers.get('retry-after'), now);
  if (status >= 500) return new AppError('upstream_unavailable', `CartPilot is unavailable (HTTP ${status}).`, { details, retryAfterSec });
  // The code alone decides: the real server drops the body fields its OpenAPI document promises.
  if (errorCode === REAPPROVAL_REQUIRED) return reapprovalRequired(body);
  if (status === 401 || status === 403) {
    // Our API key is wrong or revoked: an operator problem, never the user's. Opaque 500.
    return new CartPilotRefusal('internal', `CartPilot refused the API key (${errorCode}).`, { details });
  }
  if (status === 404) return new CartPilotRefusal('not_found', message, { details });
  if (status === 409) return new CartPilotRefusal('conflict', message, { details });
  if (status === 400) {
    const code = STATE_ERRORS.has(errorCode) ? 'conflict' : 'invalid_input';
    return new CartPilotRefusal(code, message, { details: { ...details, issues: details.issues ?? [] } });
  }
  if (status === 422) return validationError(body);
  if (status === 429) return new CartPilotRefusal('rate_limited', 'CartPilot is rate limiting requests.', { details, retryAfterSec: retryAfterSec ?? 1 });
  return new CartPilotRefusal('upstream_error', `CartPilot answered HTTP ${status}.`, { details });
}

/** Totals are copied when a server sends them; the real one sends none (callers read the checkout). */
function reapprovalRequired(body: unknown): AppError {
  const promised = ReapprovalRequiredBodySchema.partial().safeParse(body);
  const b = promised.success ? promised.data : {};
  return new CartPilotRefusal('conflict', 'The price changed since it was approved; the new receipt must be approved.', {
    details: {
      ...base,
      code: REAPPROVAL_REQUIRED,
      error_code: REAPPROVAL_REQUIRED,
      ...(b.checkout_id ? { checkout_id: b.checkout_id } : {}),
      ...(b.original_total ? { original_total: b.original_total } : {}),
      ...(b.new_total ? { new_total: b.new_total } : {}),
    },
  });
}

// FastAPI's 422 means WE sent something CartPilot's schema refuses; our own input validation
// should have caught it, so it is reported as invalid input with CartPilot's locations.
function validationError(body: unknown): AppError {
  const parsed = ValidationErrorBodySchema.safeParse(body);
  const issues = parsed.success ? parsed.data.detail.map((d) => ({ path: d.loc.map(String), message: d.msg })) : [];
  return new CartPilotRefusal('invalid_input', 'CartPilot refused the request as invalid.', { details: { ...base, error_code: 'VALIDATION_ERROR', issues } });
}

/** Raised when no HTTP answer arrived (connection lost, timeout): the outcome is unknown. */
export class CartPilotNoResponse extends AppError {}

export function mapNetworkError(e: unknown, method: string): CartPilotNoResponse {
  const name = (e as { name?: unknown } | undefined)?.name;
  const outcome = method === 'GET' ? 'none' : 'unknown';
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new CartPilotNoResponse('upstream_timeout', 'CartPilot did not answer in time.', { cause: e, details: { ...base, outcome } });
  }
  const noEffect = neverSent(e);
  return new CartPilotNoResponse('upstream_unavailable', 'CartPilot could not be reached.', {
    cause: e,
    details: { ...base, outcome: noEffect ? 'none' : outcome },
    noEffect,
  });
}

/** True for the 409 our conflict mapping gives a changed price. */
export function isReapprovalRequired(e: unknown): e is AppError {
  return e instanceof AppError && e.code === 'conflict' && e.details?.code === REAPPROVAL_REQUIRED;
}
