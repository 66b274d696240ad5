import { ENUMS, MESSAGES } from './messages';

// Proto3 JSON, both ways, over the message table in messages.ts.
// - parse: what Google's JSON front end accepts in a request. Field names in lowerCamelCase or in
//   the proto's snake_case; null means "unset"; 64-bit integers and floats may come as strings;
//   enums by name or number. Anything else (an unknown name, a wrong JSON type, two members of
//   one oneof) is a 400 before the model sees the request.
// - emit: what a proto3 JSON printer produces, which the fake's own answers must match: the
//   lowerCamelCase names only, enums by name, int64 as strings, and no field left at its default
//   (no empty list, no 0, "" or false) unless the field tracks presence (`optional`, oneofs).
// https://protobuf.dev/programming-guides/json/

export type JsonMode = 'parse' | 'emit';

export interface Violation {
  /** snake_case path, as Google's errors name fields: `contents[0].parts[1].function_call`. */
  field: string;
  description: string;
}

interface Field {
  json: string;
  snake: string;
  type: string;
  repeated: boolean;
  map: boolean;
  presence: boolean;
  oneof?: string;
}

const PACKAGE = 'type.googleapis.com/google.ai.generativelanguage.v1beta.';
const WELL_KNOWN = new Set(['Struct', 'Value', 'ListValue', 'Duration', 'Timestamp']);
const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const tables = new Map<string, Map<string, Field>>();

function fieldsOf(message: string): Map<string, Field> {
  const cached = tables.get(message);
  if (cached) return cached;
  const spec = MESSAGES[message];
  if (spec === undefined) throw new Error(`[gemini fake] no message ${message} in messages.ts`);
  const table = new Map<string, Field>();
  for (const item of spec.split(' ').filter(Boolean)) {
    const m = /^(\w+):(\{?)([#\w.]+)\}?(\[\])?(\?|\|\w+)?$/.exec(item);
    if (!m?.[1] || !m[3]) throw new Error(`[gemini fake] bad field spec ${item} in ${message}`);
    const mark = m[5] ?? '';
    const field: Field = {
      json: m[1],
      snake: snake(m[1]),
      type: m[3],
      repeated: Boolean(m[4]),
      map: Boolean(m[2]),
      presence: mark !== '',
      oneof: mark.startsWith('|') ? mark.slice(1) : undefined,
    };
    table.set(field.json, field);
  }
  tables.set(message, table);
  return table;
}

/** Every message and enum the table names (the contract test compares these with the .proto). */
export function describeTable(): { messages: Record<string, Field[]>; enums: Record<string, string[]> } {
  const messages = Object.fromEntries(Object.keys(MESSAGES).map((m) => [m, [...fieldsOf(m).values()]]));
  const enums = Object.fromEntries(Object.entries(ENUMS).map(([e, names]) => [e, names.split(' ')]));
  return { messages, enums };
}

export function jsonProblems(value: unknown, message: string, mode: JsonMode): Violation[] {
  const out: Violation[] = [];
  walkMessage(value, message, '', mode, out);
  return out;
}

/** The request with every field under its lowerCamelCase name and nulls dropped (after parse). */
export function toCamel(value: unknown, message: string): unknown {
  if (!isObject(value)) return value;
  const fields = fieldsOf(message);
  const bySnake = new Map([...fields.values()].map((f) => [f.snake, f]));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const f = fields.get(key) ?? bySnake.get(key);
    if (!f || v === null) continue;
    const one = (x: unknown) => (MESSAGES[f.type] !== undefined ? toCamel(x, f.type) : x);
    if (f.repeated && Array.isArray(v)) out[f.json] = v.map(one);
    else if (f.map && isObject(v)) out[f.json] = Object.fromEntries(Object.entries(v).map(([k, x]) => [k, one(x)]));
    else out[f.json] = one(v);
  }
  return out;
}

function walkMessage(value: unknown, message: string, at: string, mode: JsonMode, out: Violation[]): void {
  if (!isObject(value)) return void out.push(invalid(at, `${PACKAGE}${message}`, value));
  const fields = fieldsOf(message);
  const bySnake = new Map([...fields.values()].map((f) => [f.snake, f]));
  const oneofs = new Map<string, string>();
  for (const [key, v] of Object.entries(value)) {
    const field = fields.get(key) ?? (mode === 'parse' ? bySnake.get(key) : undefined);
    if (!field) {
      out.push({ field: at, description: `Invalid JSON payload received. Unknown name "${key}"${at ? ` at '${at}'` : ''}: Cannot find field.` });
      continue;
    }
    const path = at ? `${at}.${field.snake}` : field.snake;
    if (v === null) {
      if (mode === 'emit') out.push({ field: path, description: 'null is never printed: an unset field is omitted' });
      continue;
    }
    if (field.oneof) {
      const taken = oneofs.get(field.oneof);
      if (taken) out.push({ field: path, description: `Invalid JSON payload received. Oneof field '${field.oneof}' is already set. Cannot set '${key}'` });
      oneofs.set(field.oneof, key);
    }
    walkField(v, field, path, mode, out);
  }
}

function walkField(value: unknown, field: Field, at: string, mode: JsonMode, out: Violation[]): void {
  if (field.repeated || field.map) {
    const items = field.repeated ? (Array.isArray(value) ? value.map((v, i) => [`${at}[${i}]`, v] as const) : undefined) : undefined;
    const entries = field.map && isObject(value) ? Object.entries(value).map(([k, v]) => [`${at}[${JSON.stringify(k)}]`, v] as const) : items;
    if (!entries) return void out.push(invalid(at, field.repeated ? 'repeated field (a JSON array)' : 'map field (a JSON object)', value));
    if (mode === 'emit' && entries.length === 0) out.push({ field: at, description: 'an empty repeated or map field is omitted in proto3 JSON' });
    for (const [path, v] of entries) walkSingle(v, field.type, path, mode, out);
    return;
  }
  if (mode === 'emit' && !field.presence && isDefault(value, field.type))
    out.push({ field: at, description: `${JSON.stringify(value)} is the default value of a field without presence: proto3 JSON omits it` });
  walkSingle(value, field.type, at, mode, out);
}

function walkSingle(value: unknown, type: string, at: string, mode: JsonMode, out: Violation[]): void {
  if (type.startsWith('#')) return enumValue(value, type.slice(1), at, mode, out);
  if (MESSAGES[type] !== undefined) return walkMessage(value, type, at, mode, out);
  if (WELL_KNOWN.has(type)) return void (wellKnownOk(value, type) || out.push(invalid(at, `google.protobuf.${type}`, value)));
  if (!scalarOk(value, type, mode)) out.push(invalid(at, `TYPE_${type.toUpperCase()}`, value));
}

function enumValue(value: unknown, name: string, at: string, mode: JsonMode, out: Violation[]): void {
  const names = ENUMS[name]?.split(' ') ?? [];
  const ok = typeof value === 'string' ? names.includes(value) : mode === 'parse' && Number.isInteger(value);
  if (!ok) out.push(invalid(at, `${PACKAGE}${name}`, value));
}

function scalarOk(value: unknown, type: string, mode: JsonMode): boolean {
  const numeric = typeof value === 'number' || (mode === 'parse' && typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)));
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'bool':
      return typeof value === 'boolean';
    case 'int32':
      return numeric && Number.isInteger(Number(value)) && Math.abs(Number(value)) <= 2 ** 31;
    case 'int64':
      return mode === 'emit' ? typeof value === 'string' && /^-?\d+$/.test(value) : numeric && Number.isInteger(Number(value));
    case 'float':
    case 'double':
      return numeric || value === 'NaN' || value === 'Infinity' || value === '-Infinity';
    case 'bytes':
      return typeof value === 'string' && /^[A-Za-z0-9+/_-]*={0,2}$/.test(value) && value.replace(/=+$/, '').length % 4 !== 1;
    default:
      throw new Error(`[gemini fake] unknown scalar type ${type}`);
  }
}

function wellKnownOk(value: unknown, type: string): boolean {
  if (type === 'Struct') return isObject(value);
  if (type === 'ListValue') return Array.isArray(value);
  if (type === 'Duration') return typeof value === 'string' && /^-?\d+(\.\d{1,9})?s$/.test(value);
  if (type === 'Timestamp') return typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value) && !Number.isNaN(Date.parse(value));
  return value !== undefined; // Value: any JSON
}

function isDefault(value: unknown, type: string): boolean {
  if (type.startsWith('#')) return ENUMS[type.slice(1)]?.split(' ')[0] === value;
  return value === '' || value === 0 || value === '0' || value === false;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function invalid(at: string, type: string, value: unknown): Violation {
  return { field: at, description: `Invalid value at '${at}' (${type}), ${JSON.stringify(value)?.slice(0, 80)}` };
}
