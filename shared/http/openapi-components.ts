import { ERROR_CODES, ERROR_STATUS, type ErrorCode } from '../errors';
import type { Access } from './endpoint';

// The reusable parts of the OpenAPI document: the error envelope every function answers with,
// one response per error status of the HTTP contract, the common headers and the security
// schemes. Derived from ERROR_STATUS, so a new error code shows up here without an edit.

type Json = Record<string, unknown>;

export const ref = (kind: 'schemas' | 'responses' | 'headers' | 'parameters', name: string) => ({ $ref: `#/components/${kind}/${name}` });

const ErrorEnvelope: Json = {
  type: 'object',
  description: 'Every failure. `code` is stable and machine-readable; `message` is for people. A 500 never carries internal detail.',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'requestId'],
      properties: {
        code: { type: 'string', enum: [...ERROR_CODES], description: 'Stable error code; its HTTP status is fixed (see the responses).' },
        message: { type: 'string', description: 'Human-readable explanation.' },
        details: {
          type: 'object',
          additionalProperties: true,
          description: 'Structured context, e.g. `issues` for invalid_input or `provider` for not_connected.',
        },
        requestId: { type: 'string', description: 'Same value as the X-Request-Id header; quote it when reporting a problem.' },
      },
    },
  },
};

const headers: Json = {
  XRequestId: { description: "Request id (the caller's X-Request-Id when it is plain and 8–128 chars, else generated).", schema: { type: 'string' } },
  RetryAfter: { description: 'Seconds to wait before retrying.', schema: { type: 'integer', minimum: 1 } },
  IdempotentReplayed: {
    description: '"true" when this is the stored response of an earlier request with the same Idempotency-Key.',
    schema: { type: 'string', enum: ['true'] },
  },
};

const parameters: Json = {
  IdempotencyKey: {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description:
      'Makes a retry safe (draft-ietf-httpapi-idempotency-key-header): the same key and body replay the stored response; the same key with another body is 422; while the first request runs, 409 idempotency_in_flight.',
    schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]+$' },
  },
};

/** Error codes grouped by their HTTP status, e.g. 409 → not_connected, reauth_required, ... */
export function codesByStatus(): Map<number, ErrorCode[]> {
  const out = new Map<number, ErrorCode[]>();
  for (const code of ERROR_CODES) out.set(ERROR_STATUS[code], [...(out.get(ERROR_STATUS[code]) ?? []), code]);
  return out;
}

export const errorResponseName = (status: number) => `Error${status}`;

function errorResponses(): Json {
  const out: Json = {};
  for (const [status, codes] of codesByStatus()) {
    const respHeaders: Json = { 'X-Request-Id': ref('headers', 'XRequestId') };
    if (status === 429) respHeaders['Retry-After'] = ref('headers', 'RetryAfter');
    out[errorResponseName(status)] = {
      description: `Error (code: ${codes.join(' | ')}).`,
      headers: respHeaders,
      content: { 'application/json': { schema: ref('schemas', 'ErrorEnvelope') } },
    };
  }
  return out;
}

const securitySchemes: Json = {
  firebaseIdToken: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'A Firebase ID token of the signed-in user (RS256, iss https://securetoken.google.com/<project>, aud <project>).',
  },
  googleOidc: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'A Google-signed OIDC token of the Pub/Sub push or Cloud Scheduler service account; the function checks aud, iss, email and email_verified.',
  },
};

/** Security requirement of an operation by the function's access class. */
export function securityFor(access: Access): Json[] {
  switch (access) {
    case 'user':
      return [{ firebaseIdToken: [] }];
    case 'service':
      return [{ googleOidc: [] }];
    case 'public':
      // No bearer token: the function authenticates its callers itself (webhook signatures,
      // OAuth state), as its description says.
      return [];
  }
}

export function components(extraSchemas: Json): Json {
  return {
    schemas: { ErrorEnvelope, ...extraSchemas },
    responses: errorResponses(),
    headers,
    parameters,
    securitySchemes,
  };
}
