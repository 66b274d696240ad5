import { randomBytes } from 'node:crypto';
import { startFakeServer, type FakeRequest, type FakeResponse, type FakeServer } from '../fake-server';
import { apiKeyInvalid, badPayload, badRequest, fakeServerErrorBody, googleError } from './errors';
import { responseFor } from './generate';
import { findModel, modelNotFoundMessage, modelResource, type ModelSpec } from './models';
import { jsonProblems, toCamel } from './proto-json';
import { sandboxModel } from './sandbox-model';
import { sseBody, sseEvents } from './sse';
import { requestProblem } from './validate';
import { ImplicitCache } from './implicit-cache';
import { publisherModel, VERTEX_GENERATE, VERTEX_GET_MODEL, vertexAuthProblem, vertexModelNotFound } from './vertex';
import type { GeminiCall, ModelReply, ScriptEntry, WireRequest } from './wire';

// A loopback Gemini API (v1beta generateContent, streamGenerateContent?alt=sse and models.get)
// for the real @google/genai SDK, as strict as Gemini: unknown models are 404; a payload that is
// not the request message (unknown names, wrong types) and a request Gemini refuses (validate.ts)
// are 400 with Google's messages; answers are metered like a thinking model's (generate.ts), and
// every answer the fake sends is itself checked against proto3 JSON output rules, so neither a
// test script nor the offline sandbox model can make it say what Gemini would not.
// Tests script the model: a queue of replies (each a reply or a function of the request), then
// an optional fallback. `sandbox: true` answers with the offline, rule-based sandbox model
// (npm start). Faults (status, delay, dropped socket) come from the shared fake server.
// The same models are served on Vertex AI's paths with OAuth instead of an API key (vertex.ts).

export interface GeminiFakeOptions {
  script?: ScriptEntry[];
  sandbox?: boolean;
  apiKey?: string;
  /** The OAuth access token Vertex AI paths accept (vertex.ts); default a random one. */
  accessToken?: string;
  port?: number;
}

export interface GeminiFake extends FakeServer {
  apiKey: string;
  /** The Bearer token the Vertex AI paths accept. */
  accessToken: string;
  /** Decoded generate requests that reached a served model, in arrival order (refused ones too). */
  calls: GeminiCall[];
  /** Appends replies to the script. */
  script(...entries: ScriptEntry[]): void;
  /** Answers every request once the script is used up (default: a 400 saying so). */
  otherwise(entry: ScriptEntry | undefined): void;
  /** Replies not yet used. */
  remaining(): number;
  /** Empties the script, fallback and call records. */
  reset(): void;
}

const GENERATE = /^\/v1beta\/models\/(?<model>[^/:]+):(?<method>generateContent|streamGenerateContent)$/;
const GET_MODEL = /^\/v1beta\/models\/(?<model>[^/:]+)$/;

export async function startGeminiFake(opts: GeminiFakeOptions = {}): Promise<GeminiFake> {
  const apiKey = opts.apiKey ?? `AIza-fake-${randomBytes(12).toString('hex')}`;
  const queue: ScriptEntry[] = [...(opts.script ?? [])];
  let fallback: ScriptEntry | undefined = opts.sandbox ? sandboxModel : undefined;
  const calls: GeminiCall[] = [];
  const cache = new ImplicitCache();
  const accessToken = opts.accessToken ?? `ya29.fake-${randomBytes(16).toString('hex')}`;
  const keyOk = (req: FakeRequest) => req.headers['x-goog-api-key'] === apiKey;
  const vertex = (req: FakeRequest) => Boolean(req.params.project);

  const generate = async (req: FakeRequest): Promise<FakeResponse> => {
    const refused = vertex(req) ? vertexAuthProblem(req, accessToken) : keyOk(req) ? undefined : apiKeyInvalid();
    if (refused) return refused;
    const stream = req.params.method === 'streamGenerateContent';
    const model = findModel(req.params.model ?? '');
    if (!model) return vertex(req) ? vertexModelNotFound(req) : googleError(404, modelNotFoundMessage(req.params.model ?? '', req.params.method));
    if (stream && req.query.alt !== 'sse') return googleError(400, '[gemini fake] only alt=sse streaming is implemented');
    if (typeof req.json !== 'object' || req.json === null || Array.isArray(req.json))
      return googleError(400, 'Invalid JSON payload received. Unexpected token.');
    const violations = jsonProblems(req.json, 'GenerateContentRequest', 'parse');
    const body = (violations.length === 0 ? toCamel(req.json, 'GenerateContentRequest') : req.json) as WireRequest;
    const call: GeminiCall = {
      model: req.params.model ?? '',
      stream,
      body,
      tools: declaredTools(body),
      at: Date.now(),
      backend: vertex(req) ? 'vertex' : 'api-key',
    };
    calls.push(call);
    if (violations.length > 0) return badPayload(violations);
    const problem = requestProblem(body, model);
    if (problem) return badRequest(problem.message, problem.field);
    call.cachedTokens = cache.lookup(model, body);
    const entry = queue.shift() ?? fallback;
    if (!entry) return googleError(400, '[gemini fake] the test script has no reply left for this request');
    return answer(typeof entry === 'function' ? entry(call) : entry, call, model);
  };

  const getModel = (req: FakeRequest): FakeResponse => {
    if (!keyOk(req)) return apiKeyInvalid();
    const model = findModel(req.params.model ?? '');
    return model ? { status: 200, body: modelResource(model) } : googleError(404, modelNotFoundMessage(req.params.model ?? '', 'get'));
  };
  const getPublisherModel = (req: FakeRequest): FakeResponse => {
    const refused = vertexAuthProblem(req, accessToken);
    if (refused) return refused;
    const model = findModel(req.params.model ?? '');
    return model ? { status: 200, body: publisherModel(model) } : googleError(404, `Publisher model publishers/google/models/${req.params.model} not found.`);
  };

  const server = await startFakeServer(
    [
      { method: 'POST', pattern: GENERATE, handle: generate },
      { method: 'GET', pattern: GET_MODEL, handle: getModel },
      { method: 'POST', pattern: VERTEX_GENERATE, handle: generate },
      { method: 'GET', pattern: VERTEX_GET_MODEL, handle: getPublisherModel },
    ],
    { name: 'gemini', errorBody: fakeServerErrorBody, port: opts.port },
  );
  return Object.assign(server, {
    apiKey,
    accessToken,
    calls,
    script: (...entries: ScriptEntry[]) => void queue.push(...entries),
    otherwise: (entry: ScriptEntry | undefined) => void (fallback = entry),
    remaining: () => queue.length,
    reset: () => {
      queue.splice(0, queue.length);
      calls.splice(0, calls.length);
      cache.clear();
      fallback = opts.sandbox ? sandboxModel : undefined;
    },
  });
}

async function answer(reply: ModelReply, call: GeminiCall, model: ModelSpec): Promise<FakeResponse> {
  if ('delayMs' in reply) {
    await new Promise((r) => setTimeout(r, reply.delayMs));
    return answer(reply.then, call, model);
  }
  if ('error' in reply) return googleError(reply.error.status, reply.error.message, { retryDelaySec: reply.error.retryDelaySec });
  const response = selfChecked(responseFor(reply, call, model));
  if (!call.stream) return { status: 200, body: response };
  const events = sseEvents(response, 'streamError' in reply ? reply.streamError : undefined);
  return { status: 200, headers: { 'content-type': 'text/event-stream' }, body: sseBody(events.map((e) => ('error' in (e as object) ? e : selfChecked(e)))) };
}

/** The fake's own answers must be what a proto3 JSON printer would write; anything else is a bug here. */
function selfChecked<T>(response: T): T {
  const json = JSON.parse(JSON.stringify(response)) as T;
  const problems = jsonProblems(json, 'GenerateContentResponse', 'emit');
  if (problems.length > 0)
    throw new Error(`[gemini fake] answer is not valid GenerateContentResponse JSON: ${problems.map((p) => `${p.field}: ${p.description}`).join('; ')}`);
  return json;
}

function declaredTools(body: WireRequest): string[] {
  return (body.tools ?? []).flatMap((t) => (t.functionDeclarations ?? []).map((d) => d.name));
}
