import fs from 'node:fs';
import path from 'node:path';
import protobuf from 'protobufjs';

// Gemini's message definitions (../shared/contracts/google/generativelanguage-v1beta/*.proto, from
// googleapis) loaded with protobufjs, and a proto3 JSON checker written against protobufjs'
// reflection — independent of the fake's own table and checker, so the two keep each other honest.
// The google/api, google/type, google/protobuf and google/rpc imports come from google-gax's copy.

/** ../shared beside the checkout; a worktree one level deeper (wt/<name>) looks one level further up. */
export const CONTRACT_DIR =
  ['..', '../..']
    .map((up) => path.resolve(process.cwd(), up, 'shared/contracts/google/generativelanguage-v1beta'))
    .find((dir) => fs.existsSync(path.join(dir, 'generative_service.proto'))) ??
  path.resolve(process.cwd(), '../shared/contracts/google/generativelanguage-v1beta');
export const PACKAGE = 'google.ai.generativelanguage.v1beta';
const GAX_PROTOS = path.resolve(process.cwd(), 'node_modules/google-gax/build/protos');

export function contractsPresent(): boolean {
  return fs.existsSync(path.join(CONTRACT_DIR, 'generative_service.proto')) && fs.existsSync(GAX_PROTOS);
}

export function loadGeminiProtos(): protobuf.Root {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => {
    const own = /^google\/ai\/generativelanguage\/v1beta\/(.+)$/.exec(target);
    if (own?.[1]) return path.join(CONTRACT_DIR, own[1]);
    return path.isAbsolute(target) ? target : path.join(GAX_PROTOS, target);
  };
  root.loadSync([path.join(CONTRACT_DIR, 'generative_service.proto'), 'google/rpc/status.proto', 'google/rpc/error_details.proto']);
  root.resolveAll();
  return root;
}

/** Messages reachable from `start` (well-known google.protobuf types excluded). */
export function closure(start: protobuf.Type, into = new Map<string, protobuf.Type>()): Map<string, protobuf.Type> {
  if (into.has(start.fullName) || start.fullName.startsWith('.google.protobuf.')) return into;
  into.set(start.fullName, start);
  for (const f of start.fieldsArray) if (f.resolvedType instanceof protobuf.Type) closure(f.resolvedType, into);
  return into;
}

export type Mode = 'request' | 'response';

/**
 * Proto3 JSON problems of `value` as `type`. 'request': what a client may send (camelCase names,
 * every value of the right JSON type). 'response': additionally what a proto3 JSON printer never
 * writes — empty lists and maps, null, and zero values of fields without presence.
 */
export function protoJsonProblems(value: unknown, type: protobuf.Type, mode: Mode, at = '$'): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${at}: expected an object for ${type.name}`];
  const out: string[] = [];
  const oneofs = new Set<string>();
  for (const [key, v] of Object.entries(value)) {
    const field = type.fields[key];
    const where = `${at}.${key}`;
    if (!field) {
      out.push(`${where}: no field "${key}" in ${type.fullName}`);
      continue;
    }
    if (field.partOf && !field.partOf.name.startsWith('_')) {
      if (oneofs.has(field.partOf.name)) out.push(`${where}: second member of oneof ${field.partOf.name}`);
      oneofs.add(field.partOf.name);
    }
    out.push(...fieldProblems(v, field, mode, where));
  }
  return out;
}

function fieldProblems(v: unknown, field: protobuf.Field, mode: Mode, at: string): string[] {
  if (v === null) return mode === 'response' ? [`${at}: null is never printed`] : [];
  if (field.repeated || field.map) {
    const items = field.repeated ? (Array.isArray(v) ? v : undefined) : typeof v === 'object' && !Array.isArray(v) ? Object.values(v as object) : undefined;
    if (!items) return [`${at}: expected ${field.repeated ? 'an array' : 'an object'}`];
    if (mode === 'response' && items.length === 0) return [`${at}: empty repeated/map field printed`];
    return items.flatMap((item, i) => valueProblems(item, field, mode, `${at}[${i}]`));
  }
  const presence = Boolean(field.partOf) || field.resolvedType instanceof protobuf.Type;
  if (mode === 'response' && !presence && isZero(v, field)) return [`${at}: default value ${JSON.stringify(v)} printed for a field without presence`];
  return valueProblems(v, field, mode, at);
}

function valueProblems(v: unknown, field: protobuf.Field, mode: Mode, at: string): string[] {
  const t = field.resolvedType;
  if (t instanceof protobuf.Enum) return typeof v === 'string' && v in t.values ? [] : [`${at}: ${JSON.stringify(v)} is not a ${t.name} name`];
  if (t instanceof protobuf.Type) return wellKnown(t.fullName, v, at) ?? protoJsonProblems(v, t, mode, at);
  const ok: Record<string, boolean> = {
    string: typeof v === 'string',
    bool: typeof v === 'boolean',
    bytes: typeof v === 'string' && /^[A-Za-z0-9+/_-]*={0,2}$/.test(v),
    int32: Number.isInteger(v),
    int64: typeof v === 'string' ? /^-?\d+$/.test(v) : mode === 'request' && Number.isInteger(v),
    float: typeof v === 'number',
    double: typeof v === 'number',
  };
  return ok[field.type] ? [] : [`${at}: ${JSON.stringify(v)?.slice(0, 40)} is not a JSON ${field.type}`];
}

function wellKnown(name: string, v: unknown, at: string): string[] | undefined {
  if (name === '.google.protobuf.Struct') return typeof v === 'object' && v !== null && !Array.isArray(v) ? [] : [`${at}: Struct must be an object`];
  if (name === '.google.protobuf.Value') return [];
  if (name === '.google.protobuf.Duration') return typeof v === 'string' && /^-?\d+(\.\d+)?s$/.test(v) ? [] : [`${at}: bad Duration`];
  return undefined;
}

function isZero(v: unknown, field: protobuf.Field): boolean {
  if (field.resolvedType instanceof protobuf.Enum) return field.resolvedType.values[v as string] === 0;
  return v === 0 || v === '0' || v === '' || v === false;
}
