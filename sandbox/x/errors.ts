// X's error bodies as they appear on the wire. API v2 answers "about:blank" problems for
// auth/permission failures and an "invalid-request" problem for bad parameters; the OAuth 2.0
// endpoints answer RFC 6749-style {error, error_description}.
import type { FakeResponse } from '../fake-server';

export function aboutBlank(status: number, title: string, detail: string, headers?: Record<string, string>): FakeResponse {
  return { status, body: { title, type: 'about:blank', status, detail }, headers };
}

export const unauthorized = (): FakeResponse => aboutBlank(401, 'Unauthorized', 'Unauthorized');

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

export function invalidRequest(messages: string[], headers?: Record<string, string>): FakeResponse {
  return {
    status: 400,
    body: {
      errors: messages.map((message) => ({ message })),
      title: 'Invalid Request',
      detail: 'One or more parameters to your request was invalid.',
      type: 'https://api.twitter.com/2/problems/invalid-request',
    },
    headers,
  };
}

export function oauthError(status: number, error: string, description: string): FakeResponse {
  return { status, body: { error, error_description: description } };
}

/** What X answers for an unknown, used, rotated or revoked token / code. */
export const invalidTokenValue = (): FakeResponse => oauthError(400, 'invalid_request', 'Value passed for the token was invalid.');
