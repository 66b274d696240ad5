import type { FakeResponse } from '../fake-server';
import type { Violation } from './proto-json';

// Gemini's error bodies: google.rpc.Status as JSON ({error: {code, message, status, details}}),
// with Google's canonical status names, a BadRequest detail listing the offending fields of a
// refused payload, and a RetryInfo detail (plus QuotaFailure) on every 429.
// https://ai.google.dev/gemini-api/docs/troubleshooting · https://cloud.google.com/apis/design/errors

const STATUS_NAME: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  501: 'NOT_IMPLEMENTED',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

const DEFAULT_MESSAGE: Record<number, string> = {
  429: 'You exceeded your current quota, please check your plan and billing details.',
  500: 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
  503: 'The model is overloaded. Please try again later.',
  504: 'The request timed out. Please try again.',
};

const TYPE = 'type.googleapis.com/google.rpc.';

export function statusName(code: number): string {
  return STATUS_NAME[code] ?? (code >= 500 ? 'INTERNAL' : 'UNKNOWN');
}

export interface ErrorOptions {
  details?: Record<string, unknown>[];
  /** For 429: seconds the client should wait (RetryInfo.retryDelay). */
  retryDelaySec?: number;
}

/** The error object itself (the body of a failed call, or one event of a failing stream). */
export function errorObject(code: number, message?: string, opts: ErrorOptions = {}): { error: Record<string, unknown> } {
  const details = [...(opts.details ?? [])];
  if (code === 429) {
    details.push({
      '@type': `${TYPE}QuotaFailure`,
      violations: [{ quotaMetric: 'generativelanguage.googleapis.com/generate_content_requests', quotaId: 'GenerateRequestsPerMinutePerProjectPerModel' }],
    });
    details.push({ '@type': `${TYPE}RetryInfo`, retryDelay: `${opts.retryDelaySec ?? 30}s` });
  }
  const error: Record<string, unknown> = { code, message: message ?? DEFAULT_MESSAGE[code] ?? `[gemini fake] error ${code}`, status: statusName(code) };
  if (details.length > 0) error.details = details;
  return { error };
}

export function googleError(code: number, message?: string, opts: ErrorOptions = {}): FakeResponse {
  return { status: code, body: errorObject(code, message, opts) };
}

/** 400 for a payload the JSON front end could not map onto the request message. */
export function badPayload(violations: Violation[]): FakeResponse {
  // A name unknown at the top level has no field path; proto3 JSON then leaves `field` out.
  const fieldViolations = violations.map((v) => ({ ...(v.field ? { field: v.field } : {}), description: v.description }));
  return googleError(400, violations.map((v) => v.description).join('\n'), { details: [{ '@type': `${TYPE}BadRequest`, fieldViolations }] });
}

/** 400 for a request that parsed but that the model refuses (the "* Request.field: reason" style). */
export function badRequest(message: string, field?: string): FakeResponse {
  const details = field ? [{ '@type': `${TYPE}BadRequest`, fieldViolations: [{ field, description: message }] }] : [];
  return googleError(400, message, { details });
}

export function apiKeyInvalid(): FakeResponse {
  return googleError(400, 'API key not valid. Please pass a valid API key.', {
    details: [{ '@type': `${TYPE}ErrorInfo`, reason: 'API_KEY_INVALID', domain: 'googleapis.com', metadata: { service: 'generativelanguage.googleapis.com' } }],
  });
}

/** The fake server's own error bodies in the same shape: injected faults say what Gemini says. */
export function fakeServerErrorBody(status: number, message: string): unknown {
  return errorObject(status, message.endsWith('injected fault') ? (DEFAULT_MESSAGE[status] ?? message) : message);
}
