// One request through the fake as CartPilot's server handles it: route (404/405), then — on the
// routes that honour it — the Idempotency-Key cache, which answers BEFORE the API key is checked
// (measured: a replay needs no valid key), then the key check and the handler; whatever comes out
// below 500, a 401 included, is stored under the key.
import { cpError, CpHttpError, header, type CpRequest, type CpResponse, type Route } from './http';
import { honoursIdempotencyKey, type IdempotencyStore } from './idempotency';

export function createDispatcher(routes: readonly Route[], idempotency: IdempotencyStore, apiKey: string): (req: CpRequest) => CpResponse {
  const authorize = (req: CpRequest): void => {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header(req, 'authorization') ?? '');
    if (!m) throw cpError(401, 'UNAUTHORIZED', 'Missing or malformed Authorization header (expected: Bearer <api key>)');
    if (m[1] !== apiKey) throw cpError(401, 'INVALID_API_KEY', 'Invalid API key');
  };

  const run = (route: Route, req: CpRequest): CpResponse => {
    try {
      if (route.auth !== false) authorize(req);
      return route.handle(req);
    } catch (e) {
      if (e instanceof CpHttpError) return e.response;
      return { status: 500, body: { error_code: 'INTERNAL_ERROR', message: `CartPilot fake crashed: ${(e as Error).message}`, details: [] } };
    }
  };

  const replayOf = (key: string, req: CpRequest): CpResponse | undefined => {
    try {
      return idempotency.lookup(key, req);
    } catch (e) {
      if (e instanceof CpHttpError) return e.response;
      throw e;
    }
  };

  return (req) => {
    const onPath = routes.filter((r) => r.pattern.test(req.path));
    if (onPath.length === 0) return { status: 404, body: { detail: 'Not Found' } };
    const route = onPath.find((r) => r.method === req.method);
    if (!route) return { status: 405, body: { detail: 'Method Not Allowed' }, headers: { Allow: onPath.map((r) => r.method).join(', ') } };
    req.params = { ...route.pattern.exec(req.path)?.groups };
    for (const k of Object.keys(req.params)) req.params[k] = safeDecode(req.params[k] ?? '');
    const key = honoursIdempotencyKey(req.method, req.path) ? header(req, 'idempotency-key')?.trim() : undefined;
    if (!key) return run(route, req);
    const replay = replayOf(key, req);
    if (replay) return replay;
    const res = run(route, req);
    idempotency.store(key, req, res);
    return res;
  };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
