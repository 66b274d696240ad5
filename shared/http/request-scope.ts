import { ConfigError, type ThrottleClass } from '../config';
import { AppError } from '../errors';
import type { LogFields } from '../log';
import type { Runtime } from '../runtime/runtime';
import { armDeadline, DEFAULT_TIMEOUT_SEC } from './deadline';
import { errorBody, sendJson } from './envelope';
import { requestIdOf } from './request-id';
import { traceContextOf, traceLogFields } from './trace-context';
import type { HttpRequest, HttpResponse } from './types';

// What every function does first: get the instance runtime, stamp the request id (and the
// sandbox marker), and arm the deadline (deadline.ts).

export interface RequestScope {
  /** The instance runtime, with `log` and `contextFor` bound to this request's id and trace. */
  runtime: Runtime;
  requestId: string;
  /** Cloud Logging trace fields of this request (empty when the caller sent no trace header). */
  trace: LogFields;
  signal: AbortSignal;
  end(): void;
}

export function startRequest(
  req: HttpRequest,
  res: HttpResponse,
  getRuntime: () => Runtime,
  timeoutSec = DEFAULT_TIMEOUT_SEC,
  throttle?: ThrottleClass,
): RequestScope | undefined {
  const requestId = requestIdOf(req);
  res.setHeader('X-Request-Id', requestId);
  let base: Runtime;
  try {
    base = getRuntime();
  } catch (e) {
    // Invalid configuration (loadConfig names the variables, never their values) is the
    // operator's to fix: 503 `misconfigured` with that message; anything else stays an opaque 500.
    const message = (e as Error).message;
    process.stderr.write(`${JSON.stringify({ severity: 'ERROR', message: `runtime unavailable: ${message}`, requestId })}\n`);
    const error = e instanceof ConfigError ? new AppError('misconfigured', message) : new AppError('internal', 'Internal error.');
    sendJson(res, error.status, errorBody(error, requestId));
    return undefined;
  }
  if (base.config.sandbox) res.setHeader('X-Sandbox', 'true');
  const trace = traceLogFields(traceContextOf(req), base.config.projectId);
  const deadline = armDeadline(timeoutSec);
  return { runtime: bindToRequest(base, requestId, trace, throttle), requestId, trace, signal: deadline.signal, end: deadline.end };
}

// Every line a handler logs through scope.runtime (including sendError's) then carries the request
// id and trace without each function having to thread them. The copy is shallow: stores, secret
// cache and clients stay the instance's own. A hand-made function's verified caller is counted in
// its rate-limit class here, the one place every such function identifies its caller (actions
// count in execute()).
function bindToRequest(base: Runtime, requestId: string, trace: LogFields, throttle?: ThrottleClass): Runtime {
  const verifyCaller: Runtime['verifyCaller'] = throttle
    ? async (authorization) => {
        const caller = await base.verifyCaller(authorization);
        await base.stores.throttle.take(caller.uid, throttle);
        return caller;
      }
    : base.verifyCaller;
  return {
    ...base,
    verifyCaller,
    log: base.log.child({ requestId, ...trace }),
    contextFor: (caller, id, signal, t = trace) => base.contextFor(caller, id, signal, t),
  };
}
