import { randomUUID } from 'node:crypto';
import { header, type HttpRequest } from './types';

// A caller-supplied X-Request-Id is kept (so a client can correlate) when it is short and plain;
// anything else is replaced, so it can never smuggle content into logs or headers.
const SAFE_ID = /^[\w.:-]{8,128}$/;

export function requestIdOf(req: HttpRequest, newId: () => string = randomUUID): string {
  const given = header(req, 'x-request-id');
  return given && SAFE_ID.test(given) ? given : newId();
}
