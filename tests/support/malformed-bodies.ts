import type { AnyAction } from '../../shared/actions/define-action';
import { z } from 'zod';

// Builds, from an action's own input schema, a table of requests that must be refused with a
// 4xx before anything happens: broken JSON, wrong media types, oversize bodies, wrong types for
// every field, over-long values, ill-formed Unicode in every string field, missing required
// fields, unknown fields and wrong methods.

export interface BadRequestCase {
  name: string;
  method?: string;
  contentType?: string | null;
  rawBody?: string;
  body?: unknown;
  expectStatus: number;
  expectCode: string;
}

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  maxLength?: number;
  maxItems?: number;
  items?: JsonSchema;
  maximum?: number;
  minimum?: number;
  enum?: unknown[];
};

const WRONG_VALUES: Record<string, unknown[]> = {
  string: [42, true, { a: 1 }, ['x'], null],
  integer: ['ten', 1.5, true, { n: 1 }, null],
  number: ['ten', true, [], null],
  boolean: ['yes', 1, null],
  array: ['a@example.com', 7, { a: 1 }, null],
  object: ['x', 1, [], null],
};

export function malformedCases(action: AnyAction): BadRequestCase[] {
  const schema = z.toJSONSchema(action.input, { io: 'input' }) as JsonSchema;
  const props = schema.properties ?? {};
  const valid = minimalValid(props, schema.required ?? []);
  const cases: BadRequestCase[] = [
    ...['{', '{"a":', '[1,', "{'a':1}", '{"a":1,}', 'nul', '{"a" 1}', '\u0000'].map((raw, i) => invalidJson(`invalid JSON #${i + 1}`, raw)),
    { name: 'empty body', rawBody: '', expectStatus: 400, expectCode: 'invalid_input' },
    ...['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml'].map((ct) => ({
      name: `content-type ${ct}`,
      contentType: ct,
      rawBody: JSON.stringify(valid),
      expectStatus: 415,
      expectCode: 'unsupported_media_type',
    })),
    { name: 'no content-type', contentType: null, rawBody: JSON.stringify(valid), expectStatus: 415, expectCode: 'unsupported_media_type' },
    { name: 'oversize body', rawBody: JSON.stringify({ ...valid, padding: 'x'.repeat(1_100_000) }), expectStatus: 413, expectCode: 'payload_too_large' },
    ...[[], 'text', 12, null, true, [valid]].map((body, i) => ({ name: `non-object body #${i + 1}`, body, expectStatus: 400, expectCode: 'invalid_input' })),
    ...['GET', 'PUT', 'DELETE', 'PATCH'].map((method) => ({
      name: `method ${method}`,
      method,
      body: method === 'GET' ? undefined : valid,
      expectStatus: 405,
      expectCode: 'method_not_allowed',
    })),
    { name: 'unknown field', body: { ...valid, surprise_field: 1 }, expectStatus: 400, expectCode: 'invalid_input' },
  ];
  for (const [key, prop] of Object.entries(props)) {
    for (const wrong of WRONG_VALUES[typeOf(prop)] ?? []) {
      cases.push({ name: `${key} = ${JSON.stringify(wrong)}`, body: { ...valid, [key]: wrong }, expectStatus: 400, expectCode: 'invalid_input' });
    }
    const long = tooLong(prop);
    if (long !== undefined) cases.push({ name: `${key} too long`, body: { ...valid, [key]: long }, expectStatus: 400, expectCode: 'invalid_input' });
    if (typeOf(prop) === 'string') {
      // Ill-formed Unicode: a lone high and a lone low surrogate (JSON "\ud800", "\udfff").
      for (const lone of ['\ud800', 'ok \udfff']) {
        cases.push({
          name: `${key} with a lone surrogate ${JSON.stringify(lone)}`,
          body: { ...valid, [key]: lone },
          expectStatus: 400,
          expectCode: 'invalid_input',
        });
      }
    }
    if (prop.maximum !== undefined)
      cases.push({ name: `${key} above maximum`, body: { ...valid, [key]: prop.maximum + 1 }, expectStatus: 400, expectCode: 'invalid_input' });
    if (prop.minimum !== undefined)
      cases.push({ name: `${key} below minimum`, body: { ...valid, [key]: prop.minimum - 1 }, expectStatus: 400, expectCode: 'invalid_input' });
  }
  for (const key of schema.required ?? []) {
    const { [key]: _dropped, ...rest } = valid;
    cases.push({ name: `missing ${key}`, body: rest, expectStatus: 400, expectCode: 'invalid_input' });
  }
  return cases;
}

function invalidJson(name: string, rawBody: string): BadRequestCase {
  return { name, rawBody, expectStatus: 400, expectCode: 'invalid_input' };
}

function typeOf(p: JsonSchema): string {
  const t = Array.isArray(p.type) ? p.type[0] : p.type;
  return t ?? (p.enum ? 'string' : 'object');
}

function tooLong(p: JsonSchema): unknown {
  if (p.maxLength !== undefined) return 'a'.repeat(p.maxLength + 1);
  if (p.maxItems !== undefined) return Array.from({ length: p.maxItems + 1 }, (_, i) => `u${i}@example.com`);
  return undefined;
}

/** A value for each required field that passes its own type check (the tests mutate one field). */
function minimalValid(props: Record<string, JsonSchema>, required: string[]): Record<string, unknown> {
  const SAMPLES: Record<string, unknown> = {
    to: ['bo@example.com'],
    subject: 'Hi',
    text: 'Hello',
    summary: 'Meeting',
    start: '2026-12-01T10:00:00Z',
    end: '2026-12-01T11:00:00Z',
    query: 'talks',
    items: [{ product_id: 'prod-headphones-x1', variant_id: 'var-x1-black', quantity: 1 }],
    reason: 'changed my mind',
  };
  const out: Record<string, unknown> = {};
  for (const key of required) out[key] = SAMPLES[key] ?? props[key]?.enum?.[0] ?? 'x';
  return out;
}
