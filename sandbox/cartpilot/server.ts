// A loopback CartPilot: node:http on 127.0.0.1 speaking the CartPilot API as its real server
// behaves (OpenAPI document, corrected by what was measured against its source). Used by unit tests and, at runtime, by the local dev sandbox, so this file and
// everything it imports must stay free of test-framework imports.
import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MerchantEventType, Order, OrderEventType, OrderStatus, WebhookEvent } from '../../shared/providers/cartpilot/schemas';
import { faultBody, FaultList, type CartPilotFault } from './faults';
import { createDispatcher } from './dispatch';
import { header, stampRequestId, type CpRequest, type CpResponse, type Route } from './http';
import { IdempotencyStore } from './idempotency';
import { advanceOrder, type AdvanceOptions } from './order-flow';
import { checkoutRoutes } from './routes-checkouts';
import { intentRoutes } from './routes-intents';
import { orderRoutes } from './routes-orders';
import { FakeStore } from './store';
import { makeMerchantEvent, makeOrderEvent, signWebhook, type SignOptions } from './webhooks';

export interface CartPilotFakeOptions {
  /** The only key accepted as `Authorization: Bearer <apiKey>`. */
  apiKey: string;
  /** Drives created_at, offer (1 h) and checkout (24 h) expiry; default: the real clock. */
  clock?: () => Date;
  /** Added before every response. */
  latencyMs?: number;
  /** Default 0: any free port. */
  port?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, or undefined when absent or not JSON. */
  body: unknown;
  rawBody: string;
}

export interface CartPilotFake {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  port: number;
  /** Every request received, in order (live array). */
  requests: RecordedRequest[];
  inject(fault: CartPilotFault): void;
  clearFaults(): void;
  setPrice(productId: string, variantId: string | null, cents: number): void;
  setStock(productId: string, variantId: string | null, qty: number): void;
  advanceOrder(orderId: string, status: OrderStatus, opts?: AdvanceOptions): Order;
  /** Purchases actually executed by merchants (a replayed or repeated confirm does not count). */
  confirmCalls(): number;
  signWebhook(secret: string, body: string | object, opts?: SignOptions): Record<string, string>;
  /** order.created|shipped|delivered about an order, named by its merchant_order_id as merchants do. */
  makeOrderEvent(orderId: string, eventType: OrderEventType, extra?: Record<string, unknown>): WebhookEvent;
  makeMerchantEvent(merchantId: string, eventType: MerchantEventType, data: Record<string, unknown>): WebhookEvent;
  close(): Promise<void>;
}

export async function startCartPilotFake(opts: CartPilotFakeOptions): Promise<CartPilotFake> {
  const clock = opts.clock ?? (() => new Date());
  const store = new FakeStore(clock);
  const idempotency = new IdempotencyStore(() => clock().getTime());
  const faults = new FaultList();
  const routes: Route[] = [...intentRoutes(store), ...checkoutRoutes(store), ...orderRoutes(store)];
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();

  // Tracked so close() never waits on a delayed response.
  const sleep = (ms = 0) =>
    ms <= 0
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          const t = setTimeout(() => (timers.delete(t), resolve()), ms);
          timers.add(t);
        });

  const dispatch = createDispatcher(routes, idempotency, opts.apiKey);

  const fromFault = (f: CartPilotFault): CpResponse => ({ status: f.status, body: f.body ?? faultBody(f.status), headers: f.headers });

  const server = http.createServer(async (nreq, nres) => {
    const chunks: Buffer[] = [];
    for await (const c of nreq) chunks.push(c as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const url = new URL(nreq.url ?? '/', 'http://127.0.0.1');
    const req: CpRequest = {
      method: (nreq.method ?? 'GET').toUpperCase(),
      path: url.pathname,
      query: url.searchParams,
      headers: nreq.headers,
      rawBody,
      params: {},
      requestId: '',
    };
    req.requestId = header(req, 'x-request-id') || store.nextId('req');
    requests.push({
      method: req.method,
      path: req.path,
      query: Object.fromEntries(url.searchParams),
      headers: { ...nreq.headers },
      body: tryJson(rawBody),
      rawBody,
    });
    await sleep(opts.latencyMs);

    let res: CpResponse;
    const before = faults.take(req.method, req.path, false);
    if (before) {
      await sleep(before.delayMs);
      if (before.status === 0) return void nreq.socket.destroy();
      res = fromFault(before);
    } else {
      res = dispatch(req);
      const after = faults.take(req.method, req.path, true);
      if (after) {
        await sleep(after.delayMs);
        if (after.status === 0) return void nreq.socket.destroy();
        res = fromFault(after);
      }
    }
    send(nres, res, req.requestId);
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
    inject: (f) => faults.add(f),
    clearFaults: () => faults.clear(),
    setPrice: (p, v, cents) => store.catalog.setPrice(p, v, cents),
    setStock: (p, v, qty) => store.catalog.setStock(p, v, qty),
    advanceOrder: (id, status, o) => advanceOrder(store, id, status, o),
    confirmCalls: () => store.confirmExecutions,
    signWebhook,
    makeOrderEvent: (id, type, extra) => makeOrderEvent(store, id, type, extra),
    makeMerchantEvent: (merchantId, type, data) => makeMerchantEvent(store, merchantId, type, data),
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(res: http.ServerResponse, r: CpResponse, requestId: string): void {
  if (res.destroyed) return;
  const body = r.replayed ? r.body : stampRequestId(r.body, requestId);
  const payload = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  // A replay is served from the cache without CartPilot's request-id middleware header.
  if (!r.replayed) headers['x-request-id'] = requestId;
  for (const [k, v] of Object.entries(r.headers ?? {})) headers[k.toLowerCase()] = v;
  if (r.status === 401) headers['www-authenticate'] ??= 'Bearer';
  headers['content-length'] = String(Buffer.byteLength(payload));
  res.writeHead(r.status, headers);
  res.end(payload);
}

function tryJson(raw: string): unknown {
  try {
    return raw ? JSON.parse(raw) : undefined;
  } catch {
    return undefined;
  }
}
