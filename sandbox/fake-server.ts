// A tiny loopback HTTP server that every provider fake (Google, X, CartPilot…) builds on.
// It records each request, can be told to misbehave (faults, latency) and routes the rest to
// handlers that speak the provider's wire format. The dev sandbox runs these fakes at runtime,
// so this file must never import a test framework.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseRequest, sendResponse, type FakeRequest, type FakeResponse } from './fake-http';

export type { FakeRequest, FakeResponse } from './fake-http';
export { FakeHttpError, jsonResponse } from './fake-http';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
  json?: unknown;
  at: number;
}

export interface Fault {
  /** `headers`: every listed request header must have exactly this value (e.g. one caller's Authorization). */
  match?: { method?: string; path?: string | RegExp; headers?: Record<string, string> };
  /** HTTP status to answer with; 0 destroys the socket to simulate a network failure. */
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
  /** How many matching requests the fault applies to (default 1). Infinity = until cleared. */
  times?: number;
  /** After delayMs, let the real route answer: a slow-but-successful upstream. */
  passThrough?: boolean;
  /**
   * Let the real route handle the request (the write happens), then destroy the socket instead of
   * answering: the connection drops after the provider accepted the write.
   */
  dropAfterHandling?: boolean;
}

export interface Route {
  method: string;
  /** Matched against the pathname; named groups become `req.params`. */
  pattern: RegExp;
  handle: (req: FakeRequest) => FakeResponse | Promise<FakeResponse>;
  /** Extra latency for this route only, on top of the global latency. */
  latencyMs?: number;
}

export interface FakeServer {
  /** 'http://127.0.0.1:PORT', no trailing slash. */
  url: string;
  port: number;
  requests: RecordedRequest[];
  inject(fault: Fault): void;
  clearFaults(): void;
  resetRecords(): void;
  /** Latency added to every request (ms). */
  setLatency(ms: number): void;
  close(): Promise<void>;
}

export interface FakeServerOptions {
  port?: number;
  name?: string;
  /** Error body used for 404s, handler crashes and faults without a body. Default: Google's shape. */
  errorBody?: (status: number, message: string) => unknown;
}

/** Google's JSON error envelope; a reasonable default for most REST providers. */
export function defaultErrorBody(status: number, message: string): unknown {
  return { error: { code: status, message, status: http.STATUS_CODES[status]?.toUpperCase().replace(/ /g, '_') } };
}

export async function startFakeServer(routes: Route[], opts: FakeServerOptions = {}): Promise<FakeServer> {
  const name = opts.name ?? 'fake';
  const errorBody = opts.errorBody ?? defaultErrorBody;
  const requests: RecordedRequest[] = [];
  let faults: Array<Fault & { remaining: number }> = [];
  let latencyMs = 0;
  const timers = new Set<NodeJS.Timeout>();

  // Timers are tracked so close() never waits on a delayed response.
  const sleep = (ms: number) =>
    ms <= 0
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          const t = setTimeout(() => (timers.delete(t), resolve()), ms);
          timers.add(t);
        });

  const takeFault = (req: FakeRequest): Fault | undefined => {
    const f = faults.find((x) => x.remaining > 0 && faultMatches(x, req));
    if (f) f.remaining -= 1;
    return f;
  };

  const route = async (req: FakeRequest): Promise<FakeResponse> => {
    for (const r of routes) {
      if (r.method.toUpperCase() !== req.method) continue;
      r.pattern.lastIndex = 0; // a /g pattern would otherwise remember its last match
      const m = r.pattern.exec(req.path);
      if (!m) continue;
      req.params = decodeGroups(m);
      await sleep(r.latencyMs ?? 0);
      return r.handle(req);
    }
    return { status: 404, body: errorBody(404, `[${name}] no route for ${req.method} ${req.path}`) };
  };

  const server = http.createServer(async (nodeReq, nodeRes) => {
    try {
      const req = await parseRequest(nodeReq);
      requests.push(toRecord(req));
      await sleep(latencyMs);
      const fault = takeFault(req);
      if (fault) await sleep(fault.delayMs ?? 0);
      if (fault?.status === 0) return void nodeReq.socket.destroy();
      if (fault?.dropAfterHandling) {
        await route(req).catch(() => undefined);
        return void nodeReq.socket.destroy();
      }
      if (fault && !fault.passThrough) {
        const body = fault.body ?? errorBody(fault.status, `[${name}] injected fault`);
        return sendResponse(nodeRes, { status: fault.status, headers: fault.headers, body });
      }
      sendResponse(nodeRes, await route(req));
    } catch (err) {
      // A thrown FakeHttpError is a deliberate answer; anything else is a bug in the fake.
      const resp = (err as { response?: FakeResponse }).response;
      const message = `[${name}] handler crashed: ${(err as Error).message}`;
      sendResponse(nodeRes, resp ?? { status: 500, body: errorBody(500, message) });
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    inject: (fault) => void faults.push({ ...fault, remaining: fault.times ?? 1 }),
    clearFaults: () => void (faults = []),
    // Emptied in place so callers holding `requests` keep seeing the live list.
    resetRecords: () => void requests.splice(0, requests.length),
    setLatency: (ms) => void (latencyMs = ms),
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function faultMatches(f: Fault, req: FakeRequest): boolean {
  const m = f.match;
  if (!m) return true;
  if (m.method && m.method.toUpperCase() !== req.method) return false;
  if (m.headers && Object.entries(m.headers).some(([k, v]) => req.headers[k.toLowerCase()] !== v)) return false;
  if (m.path === undefined) return true;
  return typeof m.path === 'string' ? m.path === req.path : m.path.test(req.path);
}

function decodeGroups(m: RegExpExecArray): Record<string, string> {
  const params: Record<string, string> = {};
  m.slice(1).forEach((v, i) => v !== undefined && (params[String(i)] = safeDecode(v)));
  for (const [k, v] of Object.entries(m.groups ?? {})) if (v !== undefined) params[k] = safeDecode(v);
  return params;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function toRecord(req: FakeRequest): RecordedRequest {
  const { method, path, query, headers, rawBody, json, at } = req;
  return { method, path, query, headers, rawBody, json, at };
}
