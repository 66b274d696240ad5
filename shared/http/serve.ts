import { sendError } from './envelope';
import { requireMethod } from './request-limits';
import { answerConsoleCors } from './console-cors';
import { startRequest, type RequestScope } from './request-scope';
import type { ThrottleClass } from '../config';
import type { Runtime } from '../runtime/runtime';
import type { HttpHandler, HttpRequest, HttpResponse } from './types';

// The frame every hand-made function runs in: request id and deadline, the method check, and one
// place where any failure becomes the error envelope. The function body only does its own work.

export type ScopedHandler = (req: HttpRequest, res: HttpResponse, scope: RequestScope) => Promise<void>;

export interface ServeOptions {
  methods: readonly string[];
  timeoutSec?: number;
  /** The rate-limit class a verified caller of this method counts in (none: not limited). */
  throttle?: (method: string) => ThrottleClass | undefined;
  /** Answers CORS for the console's origin (console-cors.ts): for calls that may outlast Hosting's 60 s. */
  cors?: 'console';
}

export function serve(getRuntime: () => Runtime, opts: ServeOptions, handle: ScopedHandler): HttpHandler {
  return async (req, res) => {
    const scope = startRequest(req, res, getRuntime, opts.timeoutSec, opts.throttle?.(req.method));
    if (!scope) return;
    try {
      if (opts.cors && answerConsoleCors(req, res, scope.runtime.config.consoleUrl, opts.methods)) return;
      requireMethod(req, opts.methods);
      await handle(req, res, scope);
    } catch (e) {
      sendError(res, e, scope.requestId, scope.runtime.log);
    } finally {
      scope.end();
    }
  };
}
