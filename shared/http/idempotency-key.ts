import { AppError, type AppError as AppErrorType, hadNoEffect } from '../errors';
import { header, type HttpRequest } from './types';

// Idempotency-Key (draft-ietf-httpapi-idempotency-key-header): an opaque client string.
const KEY = /^[\x21-\x7e]{1,255}$/;

export function idempotencyKeyOf(req: HttpRequest): string | undefined {
  const raw = header(req, 'idempotency-key');
  if (raw === undefined) return undefined;
  const key = raw.replace(/^"(.*)"$/, '$1');
  if (!KEY.test(key))
    throw new AppError('invalid_input', 'Idempotency-Key must be 1–255 visible ASCII characters.', { details: { header: 'Idempotency-Key' } });
  return key;
}

/**
 * Whether a failed request certainly had no upstream effect, so its key may be used again: a
 * refusal (4xx: nothing was done), or a failure known to precede sending (noEffect: refused
 * before sending, DNS or connect failure). A timeout, a reset or broken pipe, a provider's
 * 500/502/503 or an internal error leave the outcome unknown, so that error is replayed.
 */
export function failureHadNoEffect(err: AppErrorType): boolean {
  return hadNoEffect(err);
}
