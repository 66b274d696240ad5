import { z } from 'zod';
import type { Caller } from '../shared/auth/identity';
import { AppError } from '../shared/errors';
import { defineEndpoint } from '../shared/http/endpoint';
import { sendData } from '../shared/http/envelope';
import { readJsonBody } from '../shared/http/request-limits';
import { respondWithEventStream, wantsEventStream } from '../shared/http/sse';
import { pathSuffix } from '../shared/http/path-suffix';
import { header, type HttpRequest } from '../shared/http/types';
import { parseInput } from '../shared/http/validate-input';
import { decideApproval, requireHuman } from '../shared/orchestrator/decide-tool-approval';
import { ORCHESTRATOR_SECRETS, orchestratorFor, type Orchestrator } from '../shared/orchestrator/orchestrator';
import { turnEnvelope } from '../shared/orchestrator/response';
import { approvalView } from '../shared/orchestrator/tool-approvals-store';
import type { EventSink } from '../shared/orchestrator/types';
import { requireDocumentId } from '../shared/store/document-id';

// The user's decisions on what the assistant wants to do.
//   GET  /approvals        → the caller's pending approvals (?status=all: the 50 latest, decided too)
//   GET  /approvals/{id}   → one approval, with its preview
//   POST /approvals/{id} {"decision":"approve"|"deny"} → runs (once) or drops the call, then the
//        assistant finishes its reply: 200, or 202 if it now needs another approval.
// The body takes no arguments: changing what would be sent means asking the assistant again.

const TIMEOUT_SEC = 120;
const ID = /^[\w-]{8,64}$/;
export const ListQuery = z.object({ status: z.enum(['pending', 'all']).default('pending') });
export const DecisionBody = z.strictObject({ decision: z.enum(['approve', 'deny']).describe('approve runs the call exactly as previewed; deny drops it.') });

export const approvals = defineEndpoint({
  name: 'approvals',
  description: 'List and decide the tool calls the assistant is waiting for the user to approve (POST /approvals/{id}).',
  access: 'user',
  methods: ['GET', 'POST'],
  secrets: ORCHESTRATOR_SECRETS,
  memoryMb: 512,
  // Deciding runs the rest of the assistant's turn (a chat); listing is a read an app may poll.
  throttle: (method) => (method === 'GET' ? 'reads' : 'chat'),
  timeoutSec: TIMEOUT_SEC,
  // A turn may run longer than Hosting waits: the console calls this on its own URL.
  cors: 'console',
  openapi: {
    get: {
      summary: 'Pending approvals (GET /approvals), the latest ones whatever their status (?status=all), or one approval (GET /approvals/{id})',
      parameters: [{ name: 'status', in: 'query', required: false, schema: { type: 'string', enum: ['pending', 'all'], default: 'pending' } }],
      responses: { '200': { description: 'Approvals with their previews.' } },
    },
    post: {
      summary: 'Approve or deny one pending approval: POST /approvals/{id}',
      requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(DecisionBody) } } },
      responses: {
        '200': { description: "Decided; data.decided, data.result and the assistant's reply." },
        '202': { description: 'Decided, and the assistant now awaits another approval.' },
      },
    },
  },
  handle: async (req, res, scope) => {
    const { runtime, requestId } = scope;
    const caller = await runtime.verifyCaller(header(req, 'authorization'));
    requireHuman(caller);
    const id = approvalIdOf(req);
    const o = orchestratorFor(runtime);
    if (req.method.toUpperCase() === 'GET') return sendData(res, 200, await show(o, caller, id, parseInput(ListQuery, req.query ?? {}).status));
    if (!id) throw new AppError('method_not_allowed', 'POST to /approvals/{id}.', { details: { allow: ['GET'] } });
    const { decision } = parseInput(DecisionBody, readJsonBody(req));
    const decide = (onEvent?: EventSink) =>
      decideApproval(o, { caller, requestId, signal: scope.signal, approvalId: id, decision, functionTimeoutMs: TIMEOUT_SEC * 1000, onEvent }).then(
        turnEnvelope,
      );
    if (wantsEventStream(req)) await respondWithEventStream(res, { requestId, log: runtime.log }, (s) => decide((e) => s.send(e.type, e)));
    else {
      const { status, body } = await decide();
      sendData(res, status, body.data);
    }
  },
});

/** "/{id}" or "/" after the function's name (see path-suffix.ts for Hosting's /api prefix). */
function approvalIdOf(req: HttpRequest): string | undefined {
  const path = pathSuffix(req, 'approvals');
  if (path === '') return undefined;
  requireDocumentId(path, 'approval id');
  if (!ID.test(path)) throw new AppError('not_found', 'No such approval.');
  return path;
}

async function show(o: Orchestrator, caller: Caller, id: string | undefined, status: 'pending' | 'all') {
  const now = o.runtime.clock.now().getTime();
  if (!id) {
    const found = status === 'all' ? await o.approvals.listRecent(caller.uid) : await o.approvals.listPending(caller.uid);
    return { approvals: found.map((a) => approvalView(a, now)) };
  }
  const a = await o.approvals.get(caller.uid, id);
  if (!a) throw new AppError('not_found', `No approval ${id} of yours exists.`);
  return { approval: approvalView(a, now), ...(a.result ? { result: a.result } : {}) };
}
