import type { IncomingHttpHeaders } from 'node:http';

// The slice of functions-framework's (express) request/response the HTTP layer uses. Keeping it
// narrow lets the same handlers run under the framework, the dev host and the framework shim.

export interface HttpRequest {
  method: string;
  headers: IncomingHttpHeaders;
  url?: string;
  originalUrl?: string;
  path?: string;
  query?: Record<string, unknown>;
  body?: unknown;
  rawBody?: Buffer;
  get?(name: string): string | undefined;
}

export interface HttpResponse {
  statusCode: number;
  headersSent: boolean;
  setHeader(name: string, value: string | number | readonly string[]): unknown;
  getHeader(name: string): unknown;
  status(code: number): HttpResponse;
  end(chunk?: string | Buffer): unknown;
  write?(chunk: string | Buffer): boolean;
  redirect?(status: number, url: string): void;
}

export type HttpHandler = (req: HttpRequest, res: HttpResponse) => Promise<void>;

export function header(req: HttpRequest, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}
