// HTTP plumbing of the CartPilot fake: the request/response shapes handlers see, CartPilot's error
// envelope, and FastAPI-style 422s built from zod issues.
import type { IncomingHttpHeaders } from 'node:http';
import type { z } from 'zod';
import type { ErrorDetail, ValidationIssue } from '../../shared/providers/cartpilot/schemas';

export interface CpRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** Route parameters (`checkout_id`, …), percent-decoded. */
  params: Record<string, string>;
  requestId: string;
}

export interface CpResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** The status this answer is stored (and later replayed) with under an Idempotency-Key. */
  replayStatus?: number;
  /** Served from the idempotency cache: no X-Request-ID header, the body keeps its first id. */
  replayed?: boolean;
}

export interface Route {
  method: 'GET' | 'POST';
  /** Matched against the whole pathname; named groups become `req.params`. */
  pattern: RegExp;
  /** False only for /health. */
  auth?: boolean;
  handle(req: CpRequest): CpResponse;
}

/** Thrown by handlers to answer with `response`. */
export class CpHttpError extends Error {
  constructor(readonly response: CpResponse) {
    super(`CartPilot fake answered ${response.status}`);
    this.name = 'CpHttpError';
  }
}

/** CartPilot's envelope; the server stamps request_id on the way out. */
export function cpError(status: number, errorCode: string, message: string, details: ErrorDetail[] = []): CpHttpError {
  return new CpHttpError({ status, body: { error_code: errorCode, message, details, request_id: null } });
}

/** CartPilot stamps the request id into its error envelope. */
export function stampRequestId(body: unknown, requestId: string): unknown {
  if (body && typeof body === 'object' && 'error_code' in body && (body as { request_id?: unknown }).request_id == null) {
    return { ...body, request_id: requestId };
  }
  return body;
}

export const json = (status: number, body: unknown): CpResponse => ({ status, body });

/** FastAPI's 422 body. */
export function validationError(detail: ValidationIssue[]): CpHttpError {
  return new CpHttpError({ status: 422, body: { detail } });
}

/**
 * Parses and validates a JSON body the way FastAPI does for a pydantic body parameter: absent
 * body when required → "missing"; undecodable JSON → "json_invalid"; schema errors → one entry per
 * issue located under "body".
 */
export function parseBody<S extends z.ZodType>(req: CpRequest, schema: S): z.output<S> {
  if (req.rawBody.trim() === '') {
    throw validationError([{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }]);
  }
  let data: unknown;
  try {
    data = JSON.parse(req.rawBody);
  } catch (e) {
    throw validationError([{ type: 'json_invalid', loc: ['body', 0], msg: 'JSON decode error', input: {}, ctx: { error: (e as Error).message } }]);
  }
  const r = schema.safeParse(data, { reportInput: true });
  if (!r.success) throw validationError(r.error.issues.map((i) => toFastApiIssue(i, 'body')));
  return r.data;
}

/**
 * Validates query parameters. Integer-looking strings become numbers first (FastAPI parses ints
 * from the query string), so "abc" fails as int_parsing and "0" as greater_than_equal.
 */
export function parseQuery<S extends z.ZodType>(req: CpRequest, schema: S, intKeys: readonly string[]): z.output<S> {
  const raw: Record<string, unknown> = {};
  for (const [k, v] of req.query) {
    raw[k] = intKeys.includes(k) && /^[+-]?\d+$/.test(v.trim()) ? Number(v) : v;
  }
  const r = schema.safeParse(raw, { reportInput: true });
  if (!r.success) throw validationError(r.error.issues.map((i) => toFastApiIssue(i, 'query', intKeys)));
  return r.data;
}

type Issue = z.core.$ZodIssue & { input?: unknown };

/** Maps one zod issue to pydantic v2's error type, message and ctx (closely enough for clients). */
export function toFastApiIssue(issue: Issue, where: 'body' | 'query', intKeys: readonly string[] = []): ValidationIssue {
  const loc = [where, ...issue.path.map((p) => (typeof p === 'number' ? p : String(p)))];
  const input = issue.input;
  const base = (type: string, msg: string, ctx?: Record<string, unknown>): ValidationIssue =>
    ctx ? { type, loc, msg, input, ctx } : { type, loc, msg, input };
  switch (issue.code) {
    case 'invalid_type': {
      if (input === undefined) return { type: 'missing', loc, msg: 'Field required', input: null };
      const key = String(issue.path.at(-1) ?? '');
      if (where === 'query' && intKeys.includes(key) && typeof input === 'string') {
        return base('int_parsing', 'Input should be a valid integer, unable to parse string as an integer');
      }
      switch (issue.expected) {
        case 'string':
          return base('string_type', 'Input should be a valid string');
        case 'int':
        case 'number':
          return typeof input === 'number'
            ? base('int_from_float', 'Input should be a valid integer, got a number with a fractional part')
            : base('int_type', 'Input should be a valid integer');
        case 'boolean':
          return base('bool_type', 'Input should be a valid boolean');
        case 'array':
          return base('list_type', 'Input should be a valid list');
        case 'object':
        case 'record':
          return base('model_attributes_type', 'Input should be a valid dictionary or object to extract fields from');
        default:
          return base('value_error', issue.message);
      }
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string')
        return base('string_too_short', `String should have at least ${min} character${min === 1 ? '' : 's'}`, { min_length: min });
      if (issue.origin === 'array')
        return base(
          'too_short',
          `List should have at least ${min} item${min === 1 ? '' : 's'} after validation, not ${Array.isArray(input) ? input.length : 0}`,
          { field_type: 'List', min_length: min, actual_length: Array.isArray(input) ? input.length : 0 },
        );
      return base('greater_than_equal', `Input should be greater than or equal to ${min}`, { ge: min });
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return base('string_too_long', `String should have at most ${max} characters`, { max_length: max });
      if (issue.origin === 'array') return base('too_long', `List should have at most ${max} items`, { max_length: max });
      return base('less_than_equal', `Input should be less than or equal to ${max}`, { le: max });
    }
    case 'invalid_value': {
      const values = issue.values.map((x) => `'${String(x)}'`);
      const expected = values.length > 1 ? `${values.slice(0, -1).join(', ')} or ${values.at(-1)}` : (values[0] ?? '');
      return base('enum', `Input should be ${expected}`, { expected });
    }
    default:
      return base('value_error', issue.message);
  }
}

/** Canonical JSON (sorted keys) so equal bodies compare equal whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function header(req: { headers: IncomingHttpHeaders }, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** `{items, total, page, page_size, has_more}` for one page of `all`. */
export function paginate<T>(all: readonly T[], page: number, pageSize: number) {
  const start = (page - 1) * pageSize;
  return { items: all.slice(start, start + pageSize), total: all.length, page, page_size: pageSize, has_more: start + pageSize < all.length };
}
