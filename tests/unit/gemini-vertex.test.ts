import { OAuth2Client } from 'google-auth-library';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startGeminiFake, type GeminiFake } from '../../sandbox/gemini';
import { loadConfig } from '../../shared/config';
import { createLogger } from '../../shared/log';
import { createGeminiModel } from '../../shared/orchestrator/gemini-model';
import type { VertexAuthClient } from '../../shared/runtime/context';

// Both backends of @google/genai against the one strict fake: the Gemini API with an API key
// (x-goog-api-key, /v1beta/models/M) and Vertex AI with the function's own credentials (a Bearer
// token, /v1/projects/P/locations/L/publishers/google/models/M), chosen by GEMINI_BACKEND. The
// Vertex client gets an explicit auth client with a fixed token, so nothing leaves loopback.

let fake: GeminiFake;
beforeAll(async () => {
  fake = await startGeminiFake();
});
afterAll(async () => fake.close());
beforeEach(() => {
  fake.reset();
  fake.resetRecords();
});

function authWith(token: string): VertexAuthClient {
  const client = new OAuth2Client();
  client.setCredentials({ access_token: token, expiry_date: Date.now() + 3_600_000 });
  return client as unknown as VertexAuthClient;
}
const noSecrets = {
  get: async () => {
    throw new Error('Vertex AI must not read the gemini-api-key secret');
  },
  has: async () => false,
};
const vertexModel = (token: string, env: Record<string, string> = {}) =>
  createGeminiModel({
    config: loadConfig({
      GOOGLE_CLOUD_PROJECT: 'proj-1',
      AUTH_MODE: 'dev',
      GEMINI_BASE_URL: fake.url,
      GEMINI_BACKEND: 'vertex',
      GEMINI_VERTEX_LOCATION: 'europe-west4',
      ...env,
    }),
    secrets: noSecrets,
    log: createLogger({ sink: () => undefined }),
    googleAuth: authWith(token),
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
  });
const request = { systemInstruction: 'Be brief.', contents: [{ role: 'user' as const, parts: [{ text: 'hi' }] }], tools: [] };
const opts = () => ({ signal: new AbortController().signal, deadlineAt: Date.now() + 10_000 });
const posts = () => fake.requests.filter((r) => r.method === 'POST');

describe('GEMINI_BACKEND=vertex', () => {
  it('calls Vertex AI in the configured project and location with a Bearer token, never an API key', async () => {
    fake.script({ text: 'Hello from Vertex.' });
    const r = await vertexModel(fake.accessToken).generate(request, opts());
    expect(r.content?.parts?.filter((p) => !p.thought).map((p) => p.text)).toEqual(['Hello from Vertex.']);
    const [post] = posts();
    expect(post?.path).toBe('/v1/projects/proj-1/locations/europe-west4/publishers/google/models/gemini-2.5-flash:generateContent');
    expect(post?.headers.authorization).toBe(`Bearer ${fake.accessToken}`);
    expect(post?.headers['x-goog-api-key']).toBeUndefined();
    expect(fake.calls[0]).toMatchObject({ backend: 'vertex', model: 'gemini-2.5-flash' });
    expect(fake.calls[0]?.body.systemInstruction).toEqual({ parts: [{ text: 'Be brief.' }], role: 'user' });
  });

  it('streams on Vertex AI too', async () => {
    fake.script({ text: 'Streamed from Vertex.' });
    let shown = '';
    const r = await vertexModel(fake.accessToken).generate(request, { ...opts(), onText: (t) => (shown += t) });
    expect(shown).toBe('Streamed from Vertex.');
    expect(r.finishReason).toBe('STOP');
    expect(posts()[0]?.path).toMatch(/:streamGenerateContent$/);
    expect(posts()[0]?.query).toMatchObject({ alt: 'sse' });
  });

  it('a token Vertex does not accept is a non-retried failure', async () => {
    const err = await vertexModel('ya29.wrong')
      .generate(request, opts())
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ retryable: false });
    expect(posts()).toHaveLength(1);
  });

  it('a model Vertex does not serve is reported naming GEMINI_MODEL', async () => {
    const err = await vertexModel(fake.accessToken, { GEMINI_MODEL: 'gemini-2.5-flsh' })
      .generate(request, opts())
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ details: { reason: 'model_not_found', setting: 'GEMINI_MODEL', model: 'gemini-2.5-flsh' } });
  });
});

describe('GEMINI_BACKEND=api-key (the default)', () => {
  it('calls the Gemini API with the gemini-api-key secret', async () => {
    fake.script({ text: 'Hello from the Gemini API.' });
    const m = createGeminiModel({
      config: loadConfig({ GOOGLE_CLOUD_PROJECT: 'proj-1', AUTH_MODE: 'dev', GEMINI_BASE_URL: fake.url }),
      secrets: { get: async () => ({ value: fake.apiKey, version: '1' }), has: async () => true },
      log: createLogger({ sink: () => undefined }),
    });
    await m.generate(request, opts());
    expect(posts()[0]?.path).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
    expect(posts()[0]?.headers['x-goog-api-key']).toBe(fake.apiKey);
    expect(posts()[0]?.headers.authorization).toBeUndefined();
    expect(fake.calls[0]?.backend).toBe('api-key');
  });

  it('the fake refuses an API key on the Vertex AI path, as Vertex does', async () => {
    const res = await fetch(`${fake.url}/v1/projects/p/locations/us-central1/publishers/google/models/gemini-2.5-flash:generateContent`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': fake.apiKey },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }),
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 401, status: 'UNAUTHENTICATED' } });
  });
});
