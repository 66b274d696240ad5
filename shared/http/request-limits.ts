import { AppError } from '../errors';
import { DEFAULT_MAX_BODY_BYTES } from './body-guard';
import { header, type HttpRequest } from './types';

export const MAX_BODY_BYTES = DEFAULT_MAX_BODY_BYTES;

export function requireMethod(req: HttpRequest, allowed: readonly string[]): void {
  if (!allowed.includes(req.method.toUpperCase())) {
    throw new AppError('method_not_allowed', `Method ${req.method} is not allowed; use ${allowed.join(', ')}.`, {
      details: { allow: allowed },
    });
  }
}

/** Returns the raw JSON text of the body after the size and media-type checks. */
export function readJsonBody(req: HttpRequest): unknown {
  const declared = Number(header(req, 'content-length') ?? NaN);
  const raw = rawBodyOf(req);
  if ((Number.isFinite(declared) && declared > MAX_BODY_BYTES) || raw.length > MAX_BODY_BYTES) {
    throw new AppError('payload_too_large', `The body exceeds ${MAX_BODY_BYTES} bytes.`, { details: { limit: MAX_BODY_BYTES } });
  }
  const type = (header(req, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new AppError('unsupported_media_type', 'The body must be JSON (Content-Type: application/json).');
  }
  if (raw.length === 0) throw invalidJson('The body is empty; send a JSON object.');
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (e) {
    throw invalidJson(`The body is not valid JSON: ${(e as Error).message}`);
  }
}

function rawBodyOf(req: HttpRequest): Buffer {
  if (req.rawBody) return req.rawBody;
  if (typeof req.body === 'string') return Buffer.from(req.body);
  if (Buffer.isBuffer(req.body)) return req.body;
  if (req.body === undefined) return Buffer.alloc(0);
  return Buffer.from(JSON.stringify(req.body));
}

function invalidJson(message: string): AppError {
  return new AppError('invalid_input', message, { details: { issues: [{ code: 'invalid_json', path: [], message }] } });
}
