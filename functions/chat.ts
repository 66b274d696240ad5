import { z } from 'zod';
import type { Caller } from '../shared/auth/identity';
import { defineEndpoint } from '../shared/http/endpoint';
import { sendData } from '../shared/http/envelope';
import { readJsonBody } from '../shared/http/request-limits';
import { respondWithEventStream, wantsEventStream } from '../shared/http/sse';
import { pathSuffix } from '../shared/http/path-suffix';
import { header, type HttpRequest } from '../shared/http/types';
import { AppError } from '../shared/errors';
import { conversationTranscript, listConversations } from '../shared/orchestrator/conversation-views';
import { parseInput } from '../shared/http/validate-input';
import { chatMessage } from '../shared/orchestrator/chat-message';
import { ORCHESTRATOR_SECRETS, orchestratorFor } from '../shared/orchestrator/orchestrator';
import { turnEnvelope } from '../shared/orchestrator/response';
import type { ChatResult, EventSink } from '../shared/orchestrator/types';
import type { Runtime } from '../shared/runtime/runtime';
import { documentIdSchema } from '../shared/store/document-id';

// GET /chat lists the caller's conversations; GET /chat/{id} is one conversation's transcript
// with its open approvals (to resume it). POST /chat {conversation_id?, message}: one user message through the Gemini tool loop.
// 200 {data:{conversation_id, reply, tool_calls, pending_approvals}}; 202 when something awaits
// the user's approval (data.approval is the first). With Accept: text/event-stream the same
// result arrives as events: text deltas, tool_call / tool_result / approval, then done.

const TIMEOUT_SEC = 120;

export const ChatBody = z.strictObject({
  conversation_id: documentIdSchema()
    .regex(/^[\w-]{8,128}$/)
    .optional()
    .describe('Continue this conversation; omit to start one.'),
  message: z.string().trim().min(1).max(8_000).describe('What the user says.'),
});

export const chat = defineEndpoint({
  name: 'chat',
  description: 'Talk to the assistant: runs the Gemini tool loop over the actions the caller can use; writes wait for approval.',
  access: 'user',
  methods: ['GET', 'POST'],
  secrets: ORCHESTRATOR_SECRETS,
  memoryMb: 512,
  // A message runs a model turn; GET lists conversations, a read.
  throttle: (method) => (method === 'GET' ? 'reads' : 'chat'),
  timeoutSec: TIMEOUT_SEC,
  // A turn may run longer than Hosting waits: the console calls this on its own URL.
  cors: 'console',
  openapi: {
    get: {
      summary: 'Your conversations (GET /chat), or one transcript with its open approvals (GET /chat/{id})',
      responses: { '200': { description: '{conversations:[{id, title, last_reply, updated_at}]} or {conversation:{id, title, entries, pending_approvals}}' } },
    },
    post: {
      summary: 'Send a message to the assistant',
      requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(ChatBody) } } },
      responses: {
        '200': { description: 'The reply, with the tool calls made.' },
        '202': { description: "Some tool calls await the user's approval (data.approval, data.pending_approvals)." },
      },
    },
  },
  handle: async (req, res, scope) => {
    const { runtime, requestId } = scope;
    const caller = await runtime.verifyCaller(header(req, 'authorization'));
    if (req.method.toUpperCase() === 'GET') return sendData(res, 200, await read(runtime, caller, conversationIdOf(req)));
    const input = parseInput(ChatBody, readJsonBody(req));
    const run = (onEvent?: EventSink) => send(runtime, caller, requestId, scope.signal, input, onEvent);
    if (wantsEventStream(req)) await respondWithEventStream(res, { requestId, log: runtime.log }, (s) => run((e) => s.send(e.type, e)).then(turnEnvelope));
    else {
      const { status, body } = turnEnvelope(await run());
      sendData(res, status, body.data);
    }
  },
});

function send(
  runtime: Runtime,
  caller: Caller,
  requestId: string,
  signal: AbortSignal,
  input: z.infer<typeof ChatBody>,
  onEvent?: EventSink,
): Promise<ChatResult> {
  return chatMessage(orchestratorFor(runtime), {
    caller,
    requestId,
    signal,
    onEvent,
    conversationId: input.conversation_id,
    message: input.message,
    functionTimeoutMs: TIMEOUT_SEC * 1000,
  });
}

async function read(runtime: Runtime, caller: Caller, id: string | undefined): Promise<unknown> {
  const db = await runtime.stores.db();
  if (!id) return { conversations: await listConversations(db, caller.uid) };
  const o = orchestratorFor(runtime);
  return { conversation: await conversationTranscript(db, o.approvals, caller.uid, id, runtime.clock.now().getTime()) };
}

/** "/{id}" or "/" after the function's name (see path-suffix.ts for Hosting's /api prefix). */
function conversationIdOf(req: HttpRequest): string | undefined {
  const path = pathSuffix(req, 'chat');
  if (path === '') return undefined;
  if (!/^[\w-]{8,128}$/.test(path)) throw new AppError('not_found', 'No such conversation.');
  return path;
}
