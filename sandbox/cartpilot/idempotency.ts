// The `Idempotency-Key` header as CartPilot honours it on POSTs: the first successful response is
// stored under the key; the same key with the same request replays it (with
// `X-Idempotent-Replayed: true`), the same key with a different request is a 409.
import { createHash } from 'node:crypto';
import { canonicalJson, cpError, type CpRequest, type CpResponse } from './http';

/** How long a stored response stays replayable. */
const TTL_MS = 24 * 60 * 60 * 1000;

interface Entry {
  fingerprint: string;
  response: CpResponse;
  storedAt: number;
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
    };
  }

  /** Only successes are stored: a failed attempt may be retried under the same key. */
  store(key: string, req: CpRequest, response: CpResponse): void {
    if (response.status < 200 || response.status >= 300) return;
    this.entries.set(key, {
      fingerprint: IdempotencyStore.fingerprint(req),
      response: { status: response.status, body: structuredClone(response.body), headers: { ...response.headers } },
      storedAt: this.now(),
    });
  }
}
