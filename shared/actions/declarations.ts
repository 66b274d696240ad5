import { z } from 'zod';
import type { AnyAction } from './define-action';

// Gemini function declarations derived from the action registry (no second description of any
// tool). `parametersJsonSchema` accepts JSON Schema, but the API documents only a subset of
// keywords (https://ai.google.dev/api/caching#Schema and the responseJsonSchema notes: type,
// format, title, description, enum, items, prefixItems, min/maxItems, minimum, maximum, anyOf,
// oneOf, properties, additionalProperties, required, propertyOrdering, $ref/$defs). We keep only
// those, so a future zod upgrade or a new validator on a field can never make the whole tool list
// be refused. Dropped keywords (pattern, minLength, maxLength, default, ...) lose nothing: the
// HTTP function and the orchestrator validate the model's arguments with the zod schema anyway,
// and the descriptions already state the limits the model should respect.

export interface FunctionDeclaration {
  name: string;
  description: string;
  parametersJsonSchema: JsonSchema;
}

export type JsonSchema = { [keyword: string]: unknown };

const KEPT = new Set([
  'type',
  'format',
  'title',
  'description',
  'enum',
  'items',
  'prefixItems',
  'minItems',
  'maxItems',
  'minimum',
  'maximum',
  'anyOf',
  'oneOf',
  'properties',
  'additionalProperties',
  'required',
  'propertyOrdering',
  '$ref',
  '$defs',
  '$id',
  '$anchor',
]);

// The legacy Schema type refuses other string formats; stay inside what both paths accept.
const KEPT_FORMATS = new Set(['date-time', 'date', 'time', 'enum']);

export function toFunctionDeclaration(action: AnyAction): FunctionDeclaration {
  const schema = z.toJSONSchema(action.input, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const parameters = geminiSchema(schema);
  // Properties in the order the action declares them: the model fills arguments in this order.
  const props = parameters.properties;
  if (props && typeof props === 'object') parameters.propertyOrdering = Object.keys(props);
  return { name: action.name, description: action.description, parametersJsonSchema: parameters };
}

export function declarationsFor(actions: readonly AnyAction[]): FunctionDeclaration[] {
  return actions.map(toFunctionDeclaration);
}

/** Deep copy of `schema` restricted to the keywords Gemini documents. */
export function geminiSchema(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (!KEPT.has(key)) continue;
    if (key === 'format' && !KEPT_FORMATS.has(String(value))) continue;
    out[key] = convert(key, value);
  }
  return out;
}

function convert(key: string, value: unknown): unknown {
  switch (key) {
    case 'properties':
    case '$defs':
      return mapValues(value as Record<string, JsonSchema>, geminiSchema);
    case 'items':
    case 'additionalProperties':
      return isSchema(value) ? geminiSchema(value) : value;
    case 'anyOf':
    case 'oneOf':
    case 'prefixItems':
      return (value as JsonSchema[]).map(geminiSchema);
    default:
      return value;
  }
}

function isSchema(v: unknown): v is JsonSchema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function mapValues<T, U>(record: Record<string, T>, fn: (v: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, fn(v)]));
}
