import { randomBytes } from 'node:crypto';
import { startFakeServer, type FakeRequest, type FakeResponse, type FakeServer } from '../fake-server';
import { errorFor, googleError, responseFor, sseBody } from './respond';
import { sandboxModel } from './sandbox-model';
import { requestProblem } from './validate';
import type { GeminiCall, ModelReply, ScriptEntry, WireRequest } from './wire';

// A loopback Gemini API (v1beta generateContent and streamGenerateContent?alt=sse) for the real
// @google/genai SDK. Tests script the model: a queue of replies (each a reply or a function of
// the request), then an optional fallback. `sandbox: true` answers with the offline, rule-based
// sandbox model instead (npm start). Every request is recorded and validated the way Gemini
// validates it; faults (status, delay, dropped socket) come from the shared fake server.

export interface GeminiFakeOptions {
  script?: ScriptEntry[];
  sandbox?: boolean;
  apiKey?: string;
  port?: number;
}

export interface GeminiFake extends FakeServer {
  apiKey: string;
  /** Decoded generate requests, in arrival order. */
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

const MODEL_PATH = /^\/v1beta\/models\/(?<model>[^/:]+):(?<method>generateContent|streamGenerateContent)$/;

export async function startGeminiFake(opts: GeminiFakeOptions = {}): Promise<GeminiFake> {
  const apiKey = opts.apiKey ?? `AIza-fake-${randomBytes(12).toString('hex')}`;
  const queue: ScriptEntry[] = [...(opts.script ?? [])];
  let fallback: ScriptEntry | undefined = opts.sandbox ? sandboxModel : undefined;
  const calls: GeminiCall[] = [];
  const signatures = new Map<string, string>();

  const handle = async (req: FakeRequest): Promise<FakeResponse> => {
    if (req.headers['x-goog-api-key'] !== apiKey) {
      return googleError(400, 'API key not valid. Please pass a valid API key.', {
        details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID' }],
      });
    }
    const body = req.json as WireRequest | undefined;
    if (!body || typeof body !== 'object') return googleError(400, 'Invalid JSON payload received.');
    const stream = req.params.method === 'streamGenerateContent';
    if (stream && req.query.alt !== 'sse') return googleError(400, '[gemini fake] only alt=sse streaming is implemented');
    const call: GeminiCall = { model: req.params.model ?? '', stream, body, tools: declaredTools(body), at: Date.now() };
    calls.push(call);
    const problem = requestProblem(body, signatures);
    if (problem) return googleError(400, problem);
    const entry = queue.shift() ?? fallback;
    if (!entry) return googleError(400, '[gemini fake] the test script has no reply left for this request');
    return answer(typeof entry === 'function' ? entry(call) : entry, call, signatures);
  };

  const server = await startFakeServer([{ method: 'POST', pattern: MODEL_PATH, handle }], { name: 'gemini' });
  return Object.assign(server, {
    apiKey,
    calls,
    script: (...entries: ScriptEntry[]) => void queue.push(...entries),
    otherwise: (entry: ScriptEntry | undefined) => void (fallback = entry),
    remaining: () => queue.length,
    reset: () => {
      queue.splice(0, queue.length);
      calls.splice(0, calls.length);
      fallback = opts.sandbox ? sandboxModel : undefined;
    },
  });
}

async function answer(reply: ModelReply, call: GeminiCall, signatures: Map<string, string>): Promise<FakeResponse> {
  if ('delayMs' in reply) {
    await new Promise((r) => setTimeout(r, reply.delayMs));
    return answer(reply.then, call, signatures);
  }
  if ('error' in reply) return errorFor(reply);
  const response = responseFor(reply, call, signatures);
  if (!call.stream) return { status: 200, body: response };
  return { status: 200, headers: { 'content-type': 'text/event-stream' }, body: sseBody(response) };
}

function declaredTools(body: WireRequest): string[] {
  return (body.tools ?? []).flatMap((t) => (t.functionDeclarations ?? []).map((d) => d.name));
}
