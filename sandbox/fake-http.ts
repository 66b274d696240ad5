// Request parsing and response writing for the loopback fakes: the small amount of HTTP plumbing
// that Node's http module leaves to us (body collection, query/form/JSON decoding, serialising).
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface FakeRequest {
  method: string;
  /** Pathname only, still percent-encoded as sent. */
  path: string;
  /** Regex groups of the matched route, percent-decoded: named groups by name, all by index. */
  params: Record<string, string>;
  /** Repeated keys become arrays (Google sends `metadataHeaders=From&metadataHeaders=To`). */
  query: Record<string, string | string[]>;
  searchParams: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
  /** Parsed body when the request said application/json (undefined if it did not parse). */
  json?: unknown;
  /** Parsed body when the request was application/x-www-form-urlencoded. */
  form?: URLSearchParams;
  at: number;
}

export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON, a string as-is, undefined as an empty body. */
  body?: unknown;
}

/** Throw from a handler to answer with `response` (e.g. an auth failure deep in a helper). */
export class FakeHttpError extends Error {
  constructor(readonly response: FakeResponse) {
    super(`fake answered ${response.status}`);
    this.name = 'FakeHttpError';
  }
}

export async function parseRequest(req: IncomingMessage): Promise<FakeRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const rawBody = Buffer.concat(chunks).toString('utf8');
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const type = String(req.headers['content-type'] ?? '').toLowerCase();
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    path: url.pathname,
    params: {},
    query: toRecord(url.searchParams),
    searchParams: url.searchParams,
    headers: { ...req.headers },
    rawBody,
    json: type.includes('json') ? tryJson(rawBody) : undefined,
    form: type.includes('application/x-www-form-urlencoded') ? new URLSearchParams(rawBody) : undefined,
    at: Date.now(),
  };
}

export function sendResponse(res: ServerResponse, r: FakeResponse): void {
  if (res.destroyed) return;
  // Lower-cased so a caller's 'Content-Type' is not sent twice next to our default.
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.headers ?? {})) headers[k.toLowerCase()] = v;
  let payload = '';
  if (typeof r.body === 'string') {
    payload = r.body;
    headers['content-type'] ??= 'text/plain; charset=utf-8';
  } else if (r.body !== undefined) {
    payload = JSON.stringify(r.body);
    headers['content-type'] ??= 'application/json; charset=UTF-8';
  }
  headers['content-length'] = String(Buffer.byteLength(payload));
  res.writeHead(r.status, headers);
  res.end(payload);
}

function toRecord(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    out[key] = all.length === 1 ? (all[0] as string) : all;
  }
  return out;
}

function tryJson(raw: string): unknown {
  if (!raw) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
