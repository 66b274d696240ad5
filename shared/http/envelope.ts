import { type AppError, toAppError } from '../errors';
import type { Logger } from '../log';
import type { HttpResponse } from './types';

// The only place responses are rendered. Success: {"data": ...}; failure:
// {"error":{"code","message","details"?,"requestId"}}. A 500 never carries internal detail.

export function sendJson(res: HttpResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(JSON.stringify(body));
}

export function sendData(res: HttpResponse, status: number, data: unknown): void {
  sendJson(res, status, { data });
}

export function errorBody(err: AppError, requestId: string): { error: Record<string, unknown> } {
  const internal = err.status >= 500 && err.code === 'internal';
  return {
    error: {
      code: err.code,
      message: internal ? 'Internal error.' : err.message,
      ...(err.details && !internal ? { details: err.details } : {}),
      requestId,
    },
  };
}

export function sendError(res: HttpResponse, e: unknown, requestId: string, log: Logger): AppError {
  const err = toAppError(e);
  if (err.status >= 500) log.error(err.message, { code: err.code, err: err.cause ?? err, requestId });
  else log.info('request refused', { code: err.code, status: err.status, requestId });
  if (err.retryAfterSec !== undefined) res.setHeader('Retry-After', String(Math.max(1, Math.ceil(err.retryAfterSec))));
  sendJson(res, err.status, errorBody(err, requestId));
  return err;
}
