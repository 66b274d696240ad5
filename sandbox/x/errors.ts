// X's error bodies as they appear on the wire (application/problem+json). API v2 answers
// "about:blank" problems for auth/permission failures (a token without an operation's scopes
// included: 403 Forbidden) and problems typed under https://api.x.com/2/problems/ for bad
// parameters; the OAuth 2.0 endpoints answer RFC 6749-style {error, error_description}.
import type { FakeResponse } from '../fake-server';

const PROBLEM = { 'content-type': 'application/problem+json' };
export const PROBLEM_TYPE_BASE = 'https://api.x.com/2/problems/';

export function aboutBlank(status: number, title: string, detail: string, headers?: Record<string, string>): FakeResponse {
  return { status, body: { title, type: 'about:blank', status, detail }, headers: { ...PROBLEM, ...headers } };
}

export const unauthorized = (): FakeResponse => aboutBlank(401, 'Unauthorized', 'Unauthorized');

/** What X answers a user token that lacks one of the operation's scopes. */
export const missingScopes = (): FakeResponse => aboutBlank(403, 'Forbidden', 'Forbidden');

export const duplicateContent = (headers?: Record<string, string>): FakeResponse =>
  aboutBlank(403, 'Forbidden', 'You are not allowed to create a Tweet with duplicate content.', headers);

// X answers a reply to a deleted/unknown/invisible Tweet with 403, not 400 or 404.
export const replyTargetMissing = (headers?: Record<string, string>): FakeResponse =>
  aboutBlank(403, 'Forbidden', 'You attempted to reply to a Tweet that is deleted or not visible to you.', headers);

// Over-long text is refused with the generic permission problem.
export const notPermitted = (headers?: Record<string, string>): FakeResponse =>
  aboutBlank(403, 'Forbidden', 'You are not permitted to perform this action.', headers);

export const tooManyRequests = (headers?: Record<string, string>): FakeResponse => aboutBlank(429, 'Too Many Requests', 'Too Many Requests', headers);

export const serviceUnavailable = (): FakeResponse => aboutBlank(503, 'Service Unavailable', 'Service Unavailable');

export interface InvalidParameter {
  message: string;
  /** The offending query parameter and its values, as X lists them. */
  parameters?: Record<string, string[]>;
}

export function invalidRequest(problems: Array<string | InvalidParameter>, headers?: Record<string, string>): FakeResponse {
  return {
    status: 400,
    body: {
      errors: problems.map((p) => (typeof p === 'string' ? { message: p } : p)),
      title: 'Invalid Request',
      detail: 'One or more parameters to your request was invalid.',
      type: `${PROBLEM_TYPE_BASE}invalid-request`,
    },
    headers: { ...PROBLEM, ...headers },
  };
}

export function oauthError(status: number, error: string, description: string): FakeResponse {
  return { status, body: { error, error_description: description } };
}

/** What X answers for an unknown, used, rotated or revoked token / code. */
export const invalidTokenValue = (): FakeResponse => oauthError(400, 'invalid_request', 'Value passed for the token was invalid.');
