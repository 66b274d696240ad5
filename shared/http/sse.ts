import { toAppError } from '../errors';
import type { Logger } from '../log';
import { errorBody } from './envelope';
import { header, type HttpRequest, type HttpResponse } from './types';

// Server-sent events (https://html.spec.whatwg.org/multipage/server-sent-events.html) for a
// response that arrives in pieces. Errors found before the stream starts are ordinary JSON
// error responses; once it has started the status is 200, so the outcome travels as events:
// `done` with {status, body} (the body the JSON response would have had) or `error` with the
// standard error envelope.

export function wantsEventStream(req: HttpRequest): boolean {
  return (header(req, 'accept') ?? '').toLowerCase().includes('text/event-stream');
}

export interface EventStream {
  send(event: string, data: unknown): void;
}

export async function respondWithEventStream(
  res: HttpResponse,
  ctx: { requestId: string; log: Logger },
  work: (stream: EventStream) => Promise<{ status: number; body: unknown }>,
): Promise<void> {
  const write = res.write?.bind(res);
  if (!write) throw new Error('This response cannot stream.');
  res.statusCode = 200;
  res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store, no-transform');
  // Proxies (and Cloud Run's front end) must pass events through as they come.
  res.setHeader('X-Accel-Buffering', 'no');
  const stream: EventStream = { send: (event, data) => void write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`) };
  try {
    const outcome = await work(stream);
    stream.send('done', outcome);
  } catch (e) {
    const err = toAppError(e);
    if (err.status >= 500) ctx.log.error(err.message, { code: err.code, err: err.cause ?? err, requestId: ctx.requestId });
    stream.send('error', { status: err.status, body: errorBody(err, ctx.requestId) });
  } finally {
    res.end();
  }
}
