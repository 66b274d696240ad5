import { AppError } from '../errors';
import type { Runtime } from '../runtime';
import { errorBody, sendJson } from './envelope';
import { requestIdOf } from './request-id';
import type { HttpRequest, HttpResponse } from './types';

// What every function does first: get the instance runtime, stamp the request id (and the
// sandbox marker), and arm a deadline a little below the function timeout so work is cancelled
// cleanly instead of being killed mid-write.

export interface RequestScope {
  runtime: Runtime;
  requestId: string;
  signal: AbortSignal;
  end(): void;
}

const DEFAULT_TIMEOUT_SEC = 60;
const DEADLINE_MARGIN_MS = 2_000;

export function startRequest(req: HttpRequest, res: HttpResponse, getRuntime: () => Runtime, timeoutSec = DEFAULT_TIMEOUT_SEC): RequestScope | undefined {
  const requestId = requestIdOf(req);
  res.setHeader('X-Request-Id', requestId);
  let runtime: Runtime;
  try {
    runtime = getRuntime();
  } catch (e) {
    // A configuration error: log it (without values) and answer an opaque 500.
    process.stderr.write(JSON.stringify({ severity: 'ERROR', message: `runtime unavailable: ${(e as Error).message}`, requestId }) + '\n');
    sendJson(res, 500, errorBody(new AppError('internal', 'Internal error.'), requestId));
    return undefined;
  }
  if (runtime.config.sandbox) res.setHeader('X-Sandbox', 'true');
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), Math.max(1_000, timeoutSec * 1000 - DEADLINE_MARGIN_MS));
  return { runtime, requestId, signal: controller.signal, end: () => clearTimeout(timer) };
}
