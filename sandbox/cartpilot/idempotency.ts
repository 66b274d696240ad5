// The `Idempotency-Key` header as CartPilot's server really honours it (measured against its
// source, ../shared/contracts/CARTPILOT.md): only on POST /intents and the POST /checkouts…
// routes; EVERY answer below 500 — refusals included — is stored under the key for 24 h and
// replayed with `X-Idempotent-Replayed: true`, before the API key is checked and without an
// X-Request-ID header (the body keeps the first request's id). The same key with a different
// request is a 409 IDEMPOTENCY_CONFLICT.
import { createHash } from 'node:crypto';
import { canonicalJson, cpError, stampRequestId, type CpRequest, type CpResponse } from './http';

/** How long a stored response stays replayable. */
const TTL_MS = 24 * 60 * 60 * 1000;

interface Entry {
  fingerprint: string;
  response: CpResponse;
  storedAt: number;
}

/** Cancel and refund ignore the header: CartPilot's middleware only wraps these routes. */
export function honoursIdempotencyKey(method: string, path: string): boolean {
  return method === 'POST' && (path === '/intents' || path === '/checkouts' || path.startsWith('/checkouts/'));
}

export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number) {}

  /**
   * A request is "the same" when method, path and body agree; bodies are compared as canonical
   * JSON so key order and whitespace do not matter.
   */
  static fingerprint(req: CpRequest): string {
    let body: string;
    try {
      body = req.rawBody.trim() === '' ? '' : canonicalJson(JSON.parse(req.rawBody));
    } catch {
      body = req.rawBody;
    }
    return createHash('sha256').update(`${req.method} ${req.path}\n${body}`).digest('hex');
  }

  /** A replay of the stored response, a 409 thrown for a mismatch, or undefined for a new key. */
  lookup(key: string, req: CpRequest): CpResponse | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (this.now() - e.storedAt > TTL_MS) {
      this.entries.delete(key);
      return undefined;
    }
    if (e.fingerprint !== IdempotencyStore.fingerprint(req)) {
      throw cpError(409, 'IDEMPOTENCY_CONFLICT', `Idempotency-Key '${key}' was already used with a different request`, [
        { field: 'Idempotency-Key', message: 'Reuse the key only to retry the identical request' },
      ]);
    }
    return {
      status: e.response.status,
      body: structuredClone(e.response.body),
      headers: { ...e.response.headers, 'X-Idempotent-Replayed': 'true' },
      replayed: true,
    };
  }

  /** Everything below 500 is stored, a refusal as much as a success; 5xx may be retried. */
  store(key: string, req: CpRequest, response: CpResponse): void {
    if (response.status >= 500) return;
    this.entries.set(key, {
      fingerprint: IdempotencyStore.fingerprint(req),
      response: {
        // A refusal may be stored under another status than it was first answered with.
        status: response.replayStatus ?? response.status,
        body: stampRequestId(structuredClone(response.body), req.requestId),
        headers: { ...response.headers },
      },
      storedAt: this.now(),
    });
  }
}
