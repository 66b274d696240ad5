// Google's two error dialects, byte-for-byte in shape so client code parses them as in production:
// - REST APIs: {"error":{"code","message","errors":[{message,domain,reason,...}],"status"}}
//   https://cloud.google.com/apis/design/errors#http_mapping
// - OAuth endpoints (RFC 6749 §5.2): {"error":"invalid_grant","error_description":"..."}
import { FakeHttpError, type FakeResponse } from '../fake-server';

const RPC_STATUS: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

export interface ErrorItem {
  message?: string;
  domain?: string;
  reason: string;
  location?: string;
  locationType?: string;
}

export function googleErrorBody(code: number, message: string, item?: ErrorItem, extra?: object): unknown {
  const errors = [{ message, domain: 'global', ...item }];
  // Statuses with no canonical RPC code (410 Gone) are answered in the legacy shape, without one.
  const status = RPC_STATUS[code];
  return { error: { code, message, errors, ...(status ? { status } : {}), ...extra } };
}

export function googleError(code: number, message: string, item?: ErrorItem, headers?: Record<string, string>): FakeResponse {
  return { status: code, body: googleErrorBody(code, message, item), headers };
}

/** Thrown from helpers so a handler can stop at the first failed check. */
export function fail(code: number, message: string, item?: ErrorItem, headers?: Record<string, string>): never {
  throw new FakeHttpError(googleError(code, message, item, headers));
}

export function badRequest(message: string, reason = 'badRequest', location?: string): never {
  fail(400, message, { reason, ...(location ? { location, locationType: 'parameter' } : {}) });
}

export function notFound(message = 'Not Found'): never {
  fail(404, message, { reason: 'notFound' });
}

export function unauthenticated(): never {
  fail(
    401,
    'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
    { message: 'Invalid Credentials', reason: 'authError', location: 'Authorization', locationType: 'header' },
    { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' },
  );
}

export function insufficientScopes(): never {
  fail(403, 'Request had insufficient authentication scopes.', {
    message: 'Insufficient Permission',
    reason: 'insufficientPermissions',
  });
}

/** OAuth endpoint error (token, revoke). Google answers these with no-store caching headers. */
export function oauthError(status: number, error: string, description: string): FakeResponse {
  return { status, body: { error, error_description: description }, headers: NO_STORE };
}

export const NO_STORE = { 'cache-control': 'no-cache, no-store, max-age=0, must-revalidate', pragma: 'no-cache' };
