import SwaggerParser from '@apidevtools/swagger-parser';
import { describe, expect, it } from 'vitest';
import { functionCatalog } from '../../functions/catalog';
import { ERROR_STATUS } from '../../shared/errors';
import { buildOpenApiDocument } from '../../shared/http/openapi';

// What registry.test.ts does not already check about the published OpenAPI document: the auth
// schemes (every requirement names a declared scheme, and each function's requirement matches
// its access class), unique operation ids, and that every documented response resolves.

type Json = Record<string, unknown>;
type ApiDocument = Extract<Parameters<typeof SwaggerParser.validate>[0], object>;

const catalog = functionCatalog();
const doc = buildOpenApiDocument(catalog, { version: '1.0.0' });
const components = doc.components as { securitySchemes: Record<string, Json>; responses: Record<string, Json> };
const operations = Object.entries(doc.paths as Record<string, Record<string, Json>>).flatMap(([path, ops]) =>
  Object.entries(ops).map(([method, op]) => ({ path, method, op })),
);
const EXPECTED_SECURITY = { user: [{ firebaseIdToken: [] }], service: [{ googleOidc: [] }], public: [] } as const;

describe('OpenAPI auth and completeness', () => {
  it('declares the bearer schemes the functions accept', () => {
    expect(components.securitySchemes.firebaseIdToken).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    expect(components.securitySchemes.googleOidc).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  });

  it('uses only declared schemes, and each function the scheme of its access class', () => {
    const byPath = new Map(catalog.map((f) => [`/${f.name}`, f]));
    for (const { path, method, op } of operations) {
      const security = op.security as Array<Record<string, unknown>>;
      for (const req of security) for (const name of Object.keys(req)) expect(components.securitySchemes, `${method} ${path}: ${name}`).toHaveProperty(name);
      const fn = byPath.get(path);
      expect(security, `${method} ${path}`).toEqual(EXPECTED_SECURITY[fn?.access ?? 'user']);
    }
  });

  it('has one unique operationId per operation, and every operation answers 500 with the envelope', () => {
    const ids = operations.map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { path, method, op } of operations) expect(Object.keys(op.responses as Json), `${method} ${path}`).toContain('500');
  });

  it('documents 401 wherever a bearer token is required', () => {
    for (const { path, method, op } of operations.filter((o) => (o.op.security as unknown[]).length > 0)) {
      expect(Object.keys(op.responses as Json), `${method} ${path}`).toContain('401');
    }
  });

  it('has a reusable response for every error status, and all references resolve', async () => {
    for (const status of new Set(Object.values(ERROR_STATUS))) expect(components.responses, String(status)).toHaveProperty(`Error${status}`);
    // dereference() throws on any $ref that points nowhere.
    await expect(SwaggerParser.dereference(structuredClone(doc) as unknown as ApiDocument)).resolves.toBeTruthy();
  });
});
