import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GoogleFake } from '../../sandbox/google';
import type { SandboxActivity } from './sandbox-activity';
import type { SandboxScheduler } from './sandbox-scheduler';

// The sandbox's trigger controls on `npm start`'s host:
//   GET  /sandbox/scheduler              the jobs and their last runs
//   GET  /sandbox/pushes                 every Pub/Sub push delivered and what the function answered
//   POST /sandbox/scheduler/<job>        run a scheduler job now (id or function name)
//   POST /sandbox/mail                   {from?, subject, body?}: a new message in the sandbox inbox
//   POST /sandbox/orders/<orderId>/ship  the merchant ships the order (signed order.shipped event)
// Mail and calendar changes then notify through the same paths as production (sandbox-activity.ts).

export interface TriggerRoutesInput {
  scheduler: SandboxScheduler;
  activity: SandboxActivity;
  google: GoogleFake;
  mailbox: string;
  pushes(): unknown[];
}

type Send = (res: ServerResponse, status: number, body: unknown) => void;
const MAX_BODY = 64 * 1024;

/** Handles the request when it is one of the routes above; false otherwise. */
export function triggerRoutes(input: TriggerRoutesInput, send: Send): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    const path = new URL(req.url ?? '/', 'http://host').pathname.replace(/\/+$/, '');
    if (path === '/sandbox/scheduler' && req.method === 'GET') {
      send(res, 200, { jobs: input.scheduler.jobs, runs: input.scheduler.runs() });
      return true;
    }
    if (path === '/sandbox/pushes' && req.method === 'GET') {
      send(res, 200, { pushes: input.pushes() });
      return true;
    }
    const job = /^\/sandbox\/scheduler\/([\w-]+)$/.exec(path)?.[1];
    const order = /^\/sandbox\/orders\/([\w-]+)\/ship$/.exec(path)?.[1];
    if (req.method !== 'POST' || !(job || order || path === '/sandbox/mail')) return false;
    void handle(req, res, input, send, { job, order }).catch((e: Error) =>
      send(res, 502, { error: { code: 'upstream_unavailable', message: e.message, requestId: 'host' } }),
    );
    return true;
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, input: TriggerRoutesInput, send: Send, m: { job?: string; order?: string }) {
  if (m.job) {
    const run = await input.scheduler.runNow(m.job);
    if (!run) return send(res, 404, { error: { code: 'not_found', message: `No scheduler job "${m.job}".`, requestId: 'host' } });
    return send(res, 200, run);
  }
  if (m.order) {
    try {
      return send(res, 200, await input.activity.shipOrder(m.order));
    } catch (e) {
      return send(res, 404, { error: { code: 'not_found', message: (e as Error).message, requestId: 'host' } });
    }
  }
  const body = await readJson(req);
  const subject = typeof body?.subject === 'string' ? body.subject.trim() : '';
  if (!body || !subject)
    return send(res, 400, { error: { code: 'invalid_argument', message: 'Send JSON {"subject": "...", "from"?: "...", "body"?: "..."}.', requestId: 'host' } });
  const from = typeof body.from === 'string' && body.from ? body.from : 'Sandbox Friend <friend@sandbox.example>';
  const [message] = input.google.seedMessages(input.mailbox, [{ from, subject, body: typeof body.body === 'string' ? body.body : '' }]);
  // Look now rather than within the second: the push follows the arrival at once.
  await input.activity.check();
  send(res, 201, { id: message?.id, historyId: message?.historyId });
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY) return undefined;
    chunks.push(c as Buffer);
  }
  try {
    const v: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
