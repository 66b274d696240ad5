import { createRequire } from 'node:module';
import { AppError } from '../errors';
import { DEFAULT_MAX_BODY_BYTES, guardRequestBody } from './body-guard';
import { errorBody, sendJson } from './envelope';
import { requestIdOf } from './request-id';
import type { HttpRequest, HttpResponse } from './types';

// functions-framework parses the body with body-parser BEFORE the user function runs; a body it
// cannot parse goes to express's default error page (HTML, with a stack trace outside
// production) and our function never sees the request. See
// https://github.com/GoogleCloudPlatform/functions-framework-nodejs/issues/686 (open).
// Until the framework lets users handle those errors, every entry installs this: it gives
// express's `app.handle` a final callback that renders the standard error envelope. The same hook
// is the one place that runs before the framework's body parsers, so the body guard runs there.

type Next = (err?: unknown) => void;
type Handle = (this: unknown, req: unknown, res: unknown, callback?: Next) => unknown;

let installed = false;

export interface FrameworkHookOptions {
  /** The function's body limit (the function host sets one per request instead). */
  maxBodyBytes?: number;
}

export function installFrameworkErrorEnvelope(extraHeaders: Record<string, string> = {}, opts: FrameworkHookOptions = {}): void {
  if (installed) return;
  installed = true;
  // Resolve express exactly as functions-framework does, so we patch the instance it uses.
  const fromFramework = createRequire(resolveFromCwd('@google-cloud/functions-framework'));
  const express = fromFramework('express') as { application: { handle: Handle } };
  const original = express.application.handle;
  const limit = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  express.application.handle = function handle(this: unknown, req, res, callback) {
    // Only the outermost call: a sub-app's handle gets the parent's callback.
    if (!callback && !guardRequestBody(req as Parameters<typeof guardRequestBody>[0], res as HttpResponse, limit)) return;
    const done: Next = callback ?? ((err) => renderFrameworkError(err, req as HttpRequest, res as HttpResponse, extraHeaders));
    return original.call(this, req, res, done);
  };
}

function resolveFromCwd(id: string): string {
  return createRequire(`${process.cwd()}/`).resolve(id);
}

export function frameworkErrorToAppError(err: unknown): AppError {
  // express's router decodes the path (our catch-all route's parameter) before the function
  // runs; a malformed percent-encoding ("/approvals/%E0%A4%A") is the client's mistake.
  if (err instanceof URIError) {
    const message = 'The request path has a malformed percent-encoding.';
    return new AppError('invalid_input', message, { details: { issues: [{ code: 'invalid_path', path: [], message }] } });
  }
  const type = (err as { type?: string } | undefined)?.type;
  switch (type) {
    case 'entity.parse.failed':
      return new AppError('invalid_input', 'The body is not valid JSON.', {
        details: { issues: [{ code: 'invalid_json', path: [], message: 'The body is not valid JSON.' }] },
      });
    case 'entity.too.large':
      return new AppError('payload_too_large', 'The body is too large.');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError('unsupported_media_type', 'The body encoding or charset is not supported.');
    default:
      return err === undefined ? new AppError('not_found', 'No such route.') : new AppError('internal', 'Internal error.', { cause: err });
  }
}

function renderFrameworkError(err: unknown, req: HttpRequest, res: HttpResponse, extraHeaders: Record<string, string>): void {
  if (res.headersSent) return;
  const requestId = requestIdOf(req);
  res.setHeader('X-Request-Id', requestId);
  for (const [k, v] of Object.entries(extraHeaders)) res.setHeader(k, v);
  const appError = frameworkErrorToAppError(err);
  if (appError.code === 'internal') process.stderr.write(`${JSON.stringify({ severity: 'ERROR', message: 'framework error', requestId })}\n`);
  sendJson(res, appError.status, errorBody(appError, requestId));
}
