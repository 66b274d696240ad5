import protobuf from 'protobufjs';

// A GAPIC package ships one protos.json for all its clients: @google-cloud/firestore-api's holds
// google.firestore.v1 and google.firestore.admin.v1 and every google.protobuf descriptor type
// (280 KB as shipped, 100 KB minified). Each client hands the whole file to protobufjs on its first request
// (`loadProtoJSON`), ~25 ms of CPU for Firestore, though it only ever looks up its own service.
// This keeps, for one client, what that client can reach from the names its source uses, and
// proves the result before anyone uses it: same services, methods, HTTP rules and types.

type Json = protobuf.INamespace;
type Reflected = protobuf.ReflectionObject;

/** The descriptor names a client's source uses. */
export interface ClientLookups {
  /** `lookupService('…')` arguments: what the client is built on. */
  services: string[];
  /** Every quoted dotted name (LRO decoders, HTTP rule selectors, the services again). */
  names: string[];
}

const LOOKUP_SERVICE = /\.lookupService\(\s*(['"])([\w.]+)\1\s*\)/g;
const DOTTED_LITERAL = /(['"])\.?([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)\1/g;

export function clientLookups(source: string): ClientLookups {
  const services = [...new Set([...source.matchAll(LOOKUP_SERVICE)].map((m) => m[2] as string))];
  const names = [...new Set([...source.matchAll(DOTTED_LITERAL)].map((m) => m[2] as string))].sort();
  return { services, names };
}

/**
 * The descriptors reachable from what `lookups` names: its services' methods (with their options
 * and parsed HTTP rules) and their request/response types transitively (fields, map values,
 * nested types, enums, extensions of kept types), plus any other type, enum, service or method
 * the source names. Undefined when the client looks up no service here (nothing is known to be
 * safe to drop). Throws when the pruned descriptors would not match the full ones.
 */
export function pruneProtoJson(json: Json, lookups: ClientLookups): Json | undefined {
  const full = protobuf.Root.fromJSON(json);
  full.resolveAll();
  const services = lookups.services.map((name) => full.lookup(name));
  if (services.length === 0 || !services.every((s) => s instanceof protobuf.Service)) return undefined;

  const keep = new Set<Reflected>();
  const visit = (obj: Reflected | null | undefined): void => {
    if (!obj || keep.has(obj)) return;
    keep.add(obj);
    // A nested type is written out with the type around it.
    if (obj.parent instanceof protobuf.Type) visit(obj.parent);
    if (obj instanceof protobuf.Service) {
      for (const method of obj.methodsArray) {
        visit(method.resolvedRequestType);
        visit(method.resolvedResponseType);
      }
    } else if (obj instanceof protobuf.Type) {
      for (const field of obj.fieldsArray) {
        visit(field.resolvedType);
        // An extension of this type declared elsewhere: keep its declaration too.
        visit(field.declaringField);
      }
      // A type is written out whole, nested types and extension declarations included.
      for (const nested of obj.nestedArray) visit(nested);
    } else if (obj instanceof protobuf.Field) {
      visit(obj.resolvedType);
      visit(obj.extensionField?.parent);
    }
  };
  for (const service of services) visit(service);
  for (const name of lookups.names) visit(namedDescriptor(full, name));

  const pruned: Json = { ...json, nested: keptNested(json, full, keep) ?? {} };
  assertSameDescriptors(protobuf.Root.fromJSON(pruned), keep);
  return pruned;
}

/** What a quoted name in a client denotes: a method stands for its service; packages count for nothing. */
function namedDescriptor(root: protobuf.Root, name: string): Reflected | null {
  const found = root.lookup(name);
  if (found instanceof protobuf.Method) return found.parent;
  if (found instanceof protobuf.Type || found instanceof protobuf.Service) return found;
  return found instanceof protobuf.Namespace ? null : found;
}

/** `json.nested` without what is not kept; packages left empty disappear. */
function keptNested(json: Json, ns: protobuf.NamespaceBase, keep: Set<Reflected>): Json['nested'] | undefined {
  const nested: NonNullable<Json['nested']> = {};
  for (const [name, child] of Object.entries(json.nested ?? {})) {
    const obj = ns.nested?.[name];
    if (obj instanceof protobuf.Type || obj instanceof protobuf.Service || obj instanceof protobuf.Enum || obj instanceof protobuf.Field) {
      if (keep.has(obj)) nested[name] = child;
    } else if (obj instanceof protobuf.Namespace) {
      const sub = keptNested(child as Json, obj, keep);
      if (sub) nested[name] = { ...(child as Json), nested: sub };
    }
  }
  return Object.keys(nested).length > 0 ? nested : undefined;
}

/** Every kept service and type resolves in the pruned root exactly as in the full one. */
function assertSameDescriptors(pruned: protobuf.Root, keep: Set<Reflected>): void {
  pruned.resolveAll();
  const name = (t: Reflected | null) => t?.fullName ?? '';
  for (const obj of keep) {
    if (obj instanceof protobuf.Field) continue;
    const twin = pruned.lookup(obj.fullName);
    const fail = (what: string) => new Error(`pruned descriptors differ at ${obj.fullName}: ${what}`);
    if (!twin || twin.constructor !== obj.constructor) throw fail('missing');
    if (obj instanceof protobuf.Service) {
      for (const m of obj.methodsArray) {
        const t = (twin as protobuf.Service).methods[m.name];
        if (!t) throw fail(`method ${m.name} missing`);
        const shape = (x: protobuf.Method) =>
          JSON.stringify([name(x.resolvedRequestType), name(x.resolvedResponseType), x.requestStream, x.responseStream, x.options, x.parsedOptions]);
        if (shape(t) !== shape(m)) throw fail(`method ${m.name} changed`);
      }
    } else if (obj instanceof protobuf.Type) {
      const twinFields = (twin as protobuf.Type).fields;
      for (const f of obj.fieldsArray) {
        const t = twinFields[f.name];
        if (!t || name(t.resolvedType) !== name(f.resolvedType) || t.id !== f.id || t.type !== f.type) throw fail(`field ${f.name} changed`);
      }
    }
  }
}
