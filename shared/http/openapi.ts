import { z } from 'zod';
import type { AnyAction } from '../actions/define-action';
import type { Access, Endpoint } from './endpoint';
import { codesByStatus, components, errorResponseName, ref, securityFor } from './openapi-components';
import { toolHints } from '../actions/tool-hints';

// The OpenAPI 3.1 document of every deployable function, derived from the same catalog the build
// and the dev host use: one path per function (`/<function-name>`, as Cloud Functions serves it).
// Action operations come entirely from the action definition; hand-made endpoints describe
// themselves in their `openapi` field and get the shared error responses added.

type Json = Record<string, unknown>;

/** The slice of a catalog entry (functions/catalog.ts FunctionEntry) this module reads. */
export interface DocumentedFunction {
  name: string;
  kind: 'action' | 'endpoint';
  description: string;
  access: Access;
  methods: readonly string[];
  action?: AnyAction;
  endpoint?: Endpoint;
}

export interface OpenApiOptions {
  serverUrl?: string;
  version?: string;
  title?: string;
}

export function buildOpenApiDocument(catalog: readonly DocumentedFunction[], opts: OpenApiOptions = {}): Json {
  const schemas: Json = {};
  const paths: Json = {};
  for (const fn of catalog) {
    paths[`/${fn.name}`] = fn.action ? { post: actionOperation(fn.action, schemas) } : endpointOperations(fn);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: opts.title ?? 'seven-functions',
      version: opts.version ?? '0.0.0',
      description:
        'Every function of the assistant backend. Success is `{"data": ...}`; failure is the ErrorEnvelope with a stable code. Every response carries X-Request-Id.',
    },
    ...(opts.serverUrl ? { servers: [{ url: opts.serverUrl.replace(/\/$/, '') }] } : {}),
    paths,
    components: components(schemas),
  };
}

function actionOperation(action: AnyAction, schemas: Json): Json {
  const base = pascal(action.name);
  const input = addSchema(schemas, `${base}Input`, z.toJSONSchema(action.input, { io: 'input', unrepresentable: 'any' }) as Json);
  const output = addSchema(schemas, `${base}Output`, z.toJSONSchema(action.output, { io: 'output', unrepresentable: 'any' }) as Json);
  const writes = action.effect !== 'read';
  const success = String(action.successStatus ?? 200);
  const successHeaders: Json = { 'X-Request-Id': ref('headers', 'XRequestId') };
  if (writes) successHeaders['Idempotent-Replayed'] = ref('headers', 'IdempotentReplayed');
  return {
    operationId: action.name,
    summary: firstSentence(action.description),
    description: action.description,
    tags: [action.provider],
    security: securityFor('user'),
    ...(writes ? { parameters: [ref('parameters', 'IdempotencyKey')] } : {}),
    requestBody: { required: true, content: { 'application/json': { schema: input } } },
    responses: {
      [success]: {
        description: success === '201' ? 'Created.' : 'OK.',
        headers: successHeaders,
        content: { 'application/json': { schema: { type: 'object', required: ['data'], properties: { data: output } } } },
      },
      ...errorResponses(writes ? undefined : new Set([422])),
    },
    'x-effect': action.effect,
    'x-provider': action.provider,
    'x-scopes': [...action.scopes],
    'x-tool-hints': toolHints(action),
  };
}

function endpointOperations(fn: DocumentedFunction): Json {
  const declared = fn.endpoint?.openapi ?? {};
  const out: Json = {};
  for (const method of fn.methods) {
    const key = method.toLowerCase() as keyof typeof declared;
    const op = declared[key] ?? { summary: firstSentence(fn.description), responses: { '200': { description: 'OK.' } } };
    out[key] = {
      operationId: `${camel(fn.name)}${pascal(key)}`,
      description: fn.description,
      tags: [fn.kind === 'endpoint' ? 'endpoints' : 'actions'],
      security: securityFor(fn.access),
      ...op,
      // The shared errors come after the endpoint's own, so an endpoint can document a status itself.
      responses: { ...endpointErrorResponses(fn.access), ...withRequestId(op.responses) },
      'x-access': fn.access,
    };
  }
  return out;
}

function errorResponses(skip = new Set<number>()): Json {
  const out: Json = {};
  for (const status of codesByStatus().keys()) if (!skip.has(status)) out[String(status)] = ref('responses', errorResponseName(status));
  return out;
}

// Endpoints differ too much for an exact list; these statuses can come from any of them.
function endpointErrorResponses(access: Access): Json {
  const statuses = [400, 405, 413, 415, 429, 500, 503, ...(access === 'public' ? [] : [401, 403])].sort();
  return Object.fromEntries(statuses.map((s) => [String(s), ref('responses', errorResponseName(s))]));
}

function withRequestId(responses: Record<string, unknown>): Json {
  const out: Json = {};
  for (const [status, resp] of Object.entries(responses)) {
    const r = resp as Json;
    out[status] = '$ref' in r ? r : { ...r, headers: { 'X-Request-Id': ref('headers', 'XRequestId'), ...(r.headers as Json | undefined) } };
  }
  return out;
}

/**
 * Files a zod-generated schema under components.schemas and returns a $ref to it. Its $defs are
 * hoisted beside it and every local reference rewritten: inside an OpenAPI document "#/..." means
 * the document root, not the schema.
 */
function addSchema(schemas: Json, name: string, generated: Json): Json {
  const { $schema: _dialect, $defs, ...schema } = generated;
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (typeof node !== 'object' || node === null) return node;
    const out: Json = {};
    for (const [k, v] of Object.entries(node)) out[k] = k === '$ref' && typeof v === 'string' ? localRef(name, v) : rewrite(v);
    return out;
  };
  for (const [defName, def] of Object.entries(($defs as Json | undefined) ?? {})) schemas[`${name}_${defName}`] = rewrite(def);
  schemas[name] = rewrite(schema);
  return ref('schemas', name);
}

function localRef(owner: string, target: string): string {
  if (target === '#') return `#/components/schemas/${owner}`;
  const def = /^#\/\$defs\/(.+)$/.exec(target);
  return def ? `#/components/schemas/${owner}_${def[1]}` : target;
}

function firstSentence(text: string): string {
  const m = /^(.+?[.!?])(\s|$)/.exec(text);
  return (m?.[1] ?? text).slice(0, 120);
}

const pascal = (s: string) =>
  s
    .split(/[_\-\s]+/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
const camel = (s: string) => pascal(s).replace(/^./, (c) => c.toLowerCase());
