import SwaggerParser from '@apidevtools/swagger-parser';
import { describe, expect, it } from 'vitest';
import { functionCatalog } from '../../functions/catalog';
import { actions } from '../../shared/actions';
import { declarationsFor, toFunctionDeclaration, type JsonSchema } from '../../shared/actions/declarations';
import { actionSecrets } from '../../shared/actions/define-action';
import { ERROR_STATUS } from '../../shared/errors';
import { buildOpenApiDocument } from '../../shared/http/openapi';
import { buildDeployManifest } from '../../scripts/lib/manifest';

// Iterates the registry and the catalog: an action or endpoint added there is checked here
// without a new test.

type ApiDocument = Extract<Parameters<typeof SwaggerParser.validate>[0], object>;

const catalog = functionCatalog();
const GEMINI_KEYWORDS = new Set([
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

/** Every [path, schema] pair of a JSON schema tree, properties included at any depth. */
function walk(schema: JsonSchema, path = '$'): Array<[string, JsonSchema, boolean]> {
  const out: Array<[string, JsonSchema, boolean]> = [];
  const visit = (s: unknown, p: string, isProperty: boolean) => {
    if (typeof s !== 'object' || s === null) return;
    const node = s as JsonSchema;
    out.push([p, node, isProperty]);
    for (const [k, v] of Object.entries((node.properties as Record<string, unknown>) ?? {})) visit(v, `${p}.${k}`, true);
    for (const [k, v] of Object.entries((node.$defs as Record<string, unknown>) ?? {})) visit(v, `${p}.$defs.${k}`, false);
    if (node.items) visit(node.items, `${p}[]`, false);
    if (typeof node.additionalProperties === 'object') visit(node.additionalProperties, `${p}{}`, false);
    for (const key of ['anyOf', 'oneOf', 'prefixItems'] as const) (node[key] as unknown[] | undefined)?.forEach((v, i) => visit(v, `${p}.${key}[${i}]`, false));
  };
  visit(schema, path, false);
  return out;
}

describe.each(actions.map((a) => [a.name, a] as const))('action %s', (_name, action) => {
  const decl = toFunctionDeclaration(action);

  it('has a valid Gemini function declaration', () => {
    expect(decl.name).toMatch(/^[a-z_][a-z0-9_]{0,63}$/);
    expect(decl.description.trim().length).toBeGreaterThan(0);
    expect(decl.parametersJsonSchema.type).toBe('object');
    expect(decl.parametersJsonSchema).not.toHaveProperty('$schema');
  });

  it('describes every parameter at every nesting level', () => {
    const undescribed = walk(decl.parametersJsonSchema)
      .filter(([, node, isProperty]) => isProperty && !(typeof node.description === 'string' && node.description.trim()))
      .map(([path]) => path);
    expect(undescribed).toEqual([]);
  });

  it('uses only JSON Schema keywords Gemini documents', () => {
    const unsupported = walk(decl.parametersJsonSchema).flatMap(([path, node]) =>
      Object.keys(node)
        .filter((k) => !GEMINI_KEYWORDS.has(k))
        .map((k) => `${path}.${k}`),
    );
    expect(unsupported).toEqual([]);
  });

  it('is served as the kebab-case function of its name', () => {
    expect(action.functionName).toBe(action.name.replace(/_/g, '-'));
    expect(action.functionName).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
    expect(catalog.filter((f) => f.name === action.functionName)).toHaveLength(1);
  });
});

describe('declarations', () => {
  it('are unique and cover the registry', () => {
    const names = declarationsFor(actions).map((d) => d.name);
    expect(new Set(names).size).toBe(actions.length);
    expect(names).toEqual(actions.map((a) => a.name));
  });
});

describe('OpenAPI document', () => {
  const doc = buildOpenApiDocument(catalog, { serverUrl: 'http://127.0.0.1:8080/', version: '1.0.0' });
  const paths = doc.paths as Record<string, Record<string, Record<string, unknown>>>;

  it('is a valid OpenAPI 3.1 document', async () => {
    // validate() dereferences in place: give it a copy.
    await expect(SwaggerParser.validate(structuredClone(doc) as unknown as ApiDocument)).resolves.toBeTruthy();
    expect(doc.openapi).toBe('3.1.0');
  });

  it('has one path per catalog entry and nothing else', () => {
    expect(Object.keys(paths).sort()).toEqual(catalog.map((f) => `/${f.name}`).sort());
    for (const f of catalog) {
      const methods = Object.keys(paths[`/${f.name}`] ?? {});
      expect(methods.sort(), f.name).toEqual(f.methods.map((m) => m.toLowerCase()).sort());
    }
  });

  it('documents each action from its definition', () => {
    for (const a of actions) {
      const op = paths[`/${a.functionName}`]?.post;
      expect(op, a.name).toMatchObject({
        operationId: a.name,
        'x-effect': a.effect,
        'x-provider': a.provider,
        'x-scopes': [...a.scopes],
        security: [{ firebaseIdToken: [] }],
      });
      const params = (op?.parameters as Array<{ $ref: string }> | undefined) ?? [];
      expect(
        params.some((p) => p.$ref.endsWith('/IdempotencyKey')),
        a.name,
      ).toBe(a.effect !== 'read');
      const responses = Object.keys(op?.responses as object);
      expect(responses).toContain(String(a.successStatus ?? 200));
      const expectedErrors = new Set(
        Object.values(ERROR_STATUS)
          .filter((s) => a.effect !== 'read' || s !== 422)
          .map(String),
      );
      for (const s of expectedErrors) expect(responses, `${a.name} ${s}`).toContain(s);
    }
  });

  it('lists every error code in the shared envelope', () => {
    const components = doc.components as { schemas: Record<string, JsonSchema> };
    const envelope = components.schemas.ErrorEnvelope as { properties: { error: { properties: { code: { enum: string[] } } } } };
    expect(envelope.properties.error.properties.code.enum.sort()).toEqual(Object.keys(ERROR_STATUS).sort());
  });
});

describe('deploy manifest', () => {
  const manifest = buildDeployManifest(catalog);

  it('lists every function once, with its bundle, runtime and limits', () => {
    expect(manifest.map((m) => m.name)).toEqual(catalog.map((f) => f.name));
    for (const m of manifest) {
      expect(m).toMatchObject({ entry: `dist/${m.name}`, runtime: 'nodejs22' });
      expect(m.memoryMb).toBeGreaterThanOrEqual(128);
      expect(m.timeoutSec).toBeGreaterThan(0);
      expect(m.methods.length).toBeGreaterThan(0);
    }
  });

  it('grants each function exactly the secrets it reads', () => {
    for (const f of catalog) {
      const entry = manifest.find((m) => m.name === f.name);
      expect(entry?.secrets, f.name).toEqual([...f.secrets].sort());
      if (f.action) expect(entry?.secrets, f.name).toEqual(actionSecrets(f.action));
    }
  });

  it('refuses two functions with the same name', () => {
    const first = catalog[0];
    if (!first) throw new Error('empty catalog');
    expect(() => buildDeployManifest([first, first])).toThrow(/named/);
  });
});
