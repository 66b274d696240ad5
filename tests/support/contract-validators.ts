import fs from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';

// JSON Schema validators (ajv) built from the providers' own descriptions: Google discovery
// documents, turned into JSON Schema, and X's OpenAPI 3.0 document, whose components already are.
// Strict about what the fakes send: an object may only carry the properties its schema declares.

interface DiscoverySchema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: string[];
  default?: string;
  properties?: Record<string, DiscoverySchema>;
  additionalProperties?: DiscoverySchema;
  items?: DiscoverySchema;
}

export interface DiscoveryParameter {
  type?: string;
  enum?: string[];
  repeated?: boolean;
  location?: string;
}

export interface DiscoveryMethod {
  path: string;
  httpMethod: string;
  parameters?: Record<string, DiscoveryParameter>;
  request?: { $ref: string };
  response?: { $ref: string };
  scopes?: string[];
}

type Resources = Record<string, { methods?: Record<string, DiscoveryMethod>; resources?: Resources }>;

export interface DiscoveryDoc {
  servicePath: string;
  schemas: Record<string, DiscoverySchema>;
  resources: Resources;
}

export function loadJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

/** resources.a.resources.b.methods.c for the dotted id "a.b.c". */
export function discoveryMethod(doc: DiscoveryDoc, id: string): DiscoveryMethod {
  const names = id.split('.');
  let node: { methods?: Record<string, DiscoveryMethod>; resources?: Resources } = { resources: doc.resources };
  for (const n of names.slice(0, -1)) node = node.resources?.[n] ?? {};
  const m = node.methods?.[names.at(-1) ?? ''];
  if (!m) throw new Error(`discovery has no method ${id}`);
  return m;
}

/**
 * One discovery schema as JSON Schema. 64-bit integers travel as strings; `kind` must equal its
 * declared default; objects without additionalProperties are closed.
 */
function toJsonSchema(s: DiscoverySchema, name = ''): Record<string, unknown> {
  if (s.$ref) return { $ref: `#/definitions/${s.$ref}` };
  if (s.type === 'array') return { type: 'array', items: toJsonSchema(s.items ?? {}) };
  if (s.type === 'object' || s.properties || s.additionalProperties) {
    const properties = Object.fromEntries(
      Object.entries(s.properties ?? {}).map(([k, v]) => [k, k === 'kind' && v.default ? { const: v.default } : toJsonSchema(v, `${name}.${k}`)]),
    );
    return { type: 'object', properties, additionalProperties: s.additionalProperties ? toJsonSchema(s.additionalProperties) : false };
  }
  if (s.type === 'any' || s.type === undefined) return {};
  if (s.type === 'string') {
    const format = s.format === 'date-time' || s.format === 'date' ? s.format : undefined;
    return { type: 'string', ...(format ? { format } : {}), ...(s.enum ? { enum: s.enum } : {}) };
  }
  return { type: s.type };
}

/**
 * A validator per schema name of a discovery document. `undeclared` lists fields the live API
 * returns although the (older) document does not declare them: "Schema.field" → JSON Schema.
 */
export function discoveryValidators(doc: DiscoveryDoc, undeclared: Record<string, object> = {}): (schema: string) => ValidateFunction {
  const definitions = Object.fromEntries(Object.entries(doc.schemas).map(([k, v]) => [k, toJsonSchema(v, k)]));
  for (const [path, schema] of Object.entries(undeclared)) {
    const [owner = '', field = ''] = path.split('.');
    const def = definitions[owner] as { properties: Record<string, unknown> } | undefined;
    if (def) def.properties[field] = schema;
  }
  const ajv = withFormats(new Ajv({ allErrors: true, strict: false }));
  ajv.addSchema({ $id: 'discovery', definitions });
  return (name) => ajv.compile({ $ref: `discovery#/definitions/${name}` });
}

/** Query parameters a recorded request used that the method does not declare, or misuses. */
export function undeclaredParameters(method: DiscoveryMethod, query: Record<string, string | string[]>, ignore: string[] = []): string[] {
  return Object.entries(query).flatMap(([name, value]) => {
    if (ignore.includes(name)) return [];
    const p = method.parameters?.[name];
    if (p?.location !== 'query') return [`${name}: not a query parameter of the method`];
    const values = Array.isArray(value) ? value : [value];
    if (values.length > 1 && !p.repeated) return [`${name}: repeated but not declared repeated`];
    const bad = p.enum ? values.filter((v) => !p.enum?.includes(v)) : [];
    return bad.map((v) => `${name}: ${v} not one of ${p.enum?.join(', ')}`);
  });
}

/** A validator for `#/components/schemas/<name>` (or any JSON pointer) of an OpenAPI 3.0 document. */
export function openApiValidators(doc: object): (pointer: string) => ValidateFunction {
  const ajv = withFormats(new Ajv({ allErrors: true, strict: false }));
  ajv.addSchema({ ...doc, $id: 'openapi' });
  return (pointer) => ajv.compile({ $ref: `openapi#${pointer.startsWith('/') ? pointer : `/components/schemas/${pointer}`}` });
}

// RFC 3339 date-time (with an offset) and full-date; numeric formats are only annotations.
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

function withFormats(ajv: Ajv): Ajv {
  ajv.addFormat('date', (s: string) => DATE.test(s) && !Number.isNaN(Date.parse(s)));
  ajv.addFormat('date-time', (s: string) => DATE_TIME.test(s) && !Number.isNaN(Date.parse(s)));
  for (const f of ['int32', 'int64', 'double', 'float', 'uri', 'email', 'byte', 'uint32', 'uint64']) ajv.addFormat(f, true);
  return ajv;
}

/** ajv's errors as short strings, for readable assertion failures. */
export const errorsOf = (v: ValidateFunction) => (v.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
