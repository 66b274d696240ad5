import { AppError } from '../errors';
import { header, type HttpRequest, type HttpResponse } from './types';

// CORS for the console's direct calls. Firebase Hosting waits at most 60 s for a function, and a
// chat turn (or the turn an approval resumes) may run up to the function's 120 s, so the console
// makes those calls on the function's own URL (console-config.json `direct_api_base`): another
// origin. Only the console's origin (CONSOLE_URL) is allowed, and without credentials: the
// caller's proof is the bearer token in Authorization, never a cookie, so no other site can ride
// on a signed-in browser. A preflight from any other origin is refused (403) and a request from
// one gets no CORS header, so the browser keeps the answer from that page.

const ALLOWED_HEADERS = 'Authorization, Content-Type, Accept, Idempotency-Key';
/** How long a browser may reuse a preflight answer (seconds). */
const PREFLIGHT_MAX_AGE_SEC = 600;

/**
 * Adds the CORS headers a request from the console's origin needs. True when it was a preflight
 * and has been answered (204), so the function must do nothing more; throws 403 for a preflight
 * from another origin.
 */
export function answerConsoleCors(req: HttpRequest, res: HttpResponse, consoleUrl: string | undefined, methods: readonly string[]): boolean {
  const origin = header(req, 'origin');
  const preflight = req.method.toUpperCase() === 'OPTIONS' && header(req, 'access-control-request-method') !== undefined;
  // The answer depends on Origin: a cache must not serve one origin's answer to another.
  res.setHeader('Vary', 'Origin');
  const allowed = origin !== undefined && consoleUrl !== undefined && origin === new URL(consoleUrl).origin;
  if (!allowed) {
    if (preflight) throw new AppError('forbidden', 'This origin may not call this function from a browser.', { details: { origin: origin ?? null } });
    return false;
  }
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Access-Control-Expose-Headers', 'X-Request-Id, Retry-After');
  if (!preflight) return false;
  res.setHeader('Access-Control-Allow-Methods', methods.join(', '));
  res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
  res.setHeader('Access-Control-Max-Age', String(PREFLIGHT_MAX_AGE_SEC));
  res.status(204).end();
  return true;
}
