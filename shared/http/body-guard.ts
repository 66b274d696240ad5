import { AppError } from '../errors';
import { errorBody, sendJson } from './envelope';
import { requestIdOf } from './request-id';
import { header, type HttpRequest, type HttpResponse } from './types';

// functions-framework's body parsers read (and inflate gzip/deflate/br) every body up to 1 GB
// before our function runs, so a limit checked in the function sees a buffer that already took
// the memory. This guard runs before those parsers (framework-errors.ts hooks it into express's
// app.handle): a Content-Encoding other than identity is refused (415), a declared
// Content-Length over the function's limit is refused unread (413), and a body without a length
// (chunked) is counted as it streams and cut off at the limit (413). The connection is closed
// after such an answer so an unread body is never drained.

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

type GuardedRequest = HttpRequest & {
  emit(event: string | symbol, ...args: unknown[]): boolean;
  destroy(): unknown;
  resume?(): unknown;
};

const LINGER_MS = 2_000;

// The function host serves several functions in one process; it names each request's limit.
const limits = new WeakMap<object, number>();

export function setBodyLimit(req: object, maxBytes: number): void {
  limits.set(req, maxBytes);
}

/** Returns false when it has answered the request itself (the framework must not go on). */
export function guardRequestBody(req: GuardedRequest, res: HttpResponse, fallbackLimit: number): boolean {
  const limit = limits.get(req) ?? fallbackLimit;
  const encoding = (header(req, 'content-encoding') ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && encoding !== '') {
    refuse(req, res, new AppError('unsupported_media_type', 'Compressed request bodies are not accepted; send Content-Encoding: identity.'));
    return false;
  }
  const declared = header(req, 'content-length');
  if (declared !== undefined) {
    if (Number(declared) > limit) {
      refuse(req, res, tooLarge(limit));
      return false;
    }
    // Node's parser enforces a declared length: the body cannot be longer than it says.
    return true;
  }
  if (header(req, 'transfer-encoding') !== undefined) countAsItStreams(req, res, limit);
  return true;
}

// Counting by wrapping emit('data') leaves the stream's mode alone (a 'data' listener of our own
// would start the flow before the framework's parser listens).
function countAsItStreams(req: GuardedRequest, res: HttpResponse, limit: number): void {
  let seen = 0;
  let cut = false;
  const emit = req.emit;
  req.emit = function guardedEmit(this: GuardedRequest, event: string | symbol, ...args: unknown[]) {
    if (event === 'data' && !cut) {
      seen += (args[0] as Buffer | string).length;
      if (seen > limit) {
        cut = true;
        refuse(req, res, tooLarge(limit));
      }
    }
    if (cut && (event === 'data' || event === 'end')) return false;
    return emit.call(this, event, ...args);
  };
}

function tooLarge(limit: number): AppError {
  return new AppError('payload_too_large', `The body exceeds ${limit} bytes.`, { details: { limit } });
}

function refuse(req: GuardedRequest, res: HttpResponse, err: AppError): void {
  if (res.headersSent) return;
  const requestId = requestIdOf(req);
  res.setHeader('X-Request-Id', requestId);
  res.setHeader('Connection', 'close');
  sendJson(res, err.status, errorBody(err, requestId));
  // A lingering close, as web servers make one: after the answer our side of the connection is
  // shut (FIN) but what the client still sends is read and discarded (never buffered) until it
  // closes its side or LINGER_MS pass. Node's server would instead destroy a `Connection: close`
  // socket as soon as the answer is written (destroySoon), and closing on unread data resets the
  // connection: a client still sending then loses the answer it was sent.
  const socket = (req as { socket?: { end(): unknown; destroySoon?: () => void } }).socket;
  if (socket) socket.destroySoon = () => void socket.end();
  (res as unknown as { once(ev: string, fn: () => void): void }).once('finish', () => {
    req.resume?.();
    setTimeout(() => req.destroy(), LINGER_MS).unref();
  });
}
