// A small typed client over fetch (CartPilot has no SDK). Every request carries our API key,
// the caller's X-Request-ID (so both sides' logs correlate) and a timeout; every POST carries an
// Idempotency-Key chosen by the caller from the logical operation (see idempotency-keys.ts), which
// is what makes a retry after a lost answer safe. Replays do not carry X-Request-ID, so nothing
// here relies on that header. Responses are parsed with the project's schemas.
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { Config } from '../../config';
import { AppError, isAppError } from '../../errors';
import { registerSecretValue, type Logger } from '../../log';
import type { SecretSource } from '../../secrets';
import { retryRead } from '../retry';
import { CartPilotNoResponse, mapCartPilotResponse, mapNetworkError } from './errors';

export interface CartPilotClientDeps {
  config: Config;
  secrets: SecretSource;
  requestId: string;
  signal: AbortSignal;
  log: Logger;
  fetch?: typeof fetch;
}

type Query = Record<string, string | number | undefined>;

/** A POST is sent at most this often, and repeated only when no answer came back. */
const POST_ATTEMPTS = 2;

export class CartPilotClient {
  private apiKey?: Promise<string>;

  constructor(private readonly deps: CartPilotClientDeps) {}

  /** Reads are retried on 429/5xx/timeouts (retryRead); they change nothing upstream. */
  get<S extends z.ZodType>(path: string, schema: S, query?: Query): Promise<z.output<S>> {
    return retryRead(() => this.send('GET', path, schema, { query }), toAppError, undefined, { signal: this.deps.signal });
  }

  /**
   * Writes are never retried on an error answer. Only when the answer was lost (connection
   * dropped, timeout) is the SAME request sent again with the SAME Idempotency-Key: CartPilot
   * then returns the first attempt's stored result instead of acting twice. A write CartPilot
   * keeps no key for (cancel, refund) is sent once; its caller reads the outcome instead.
   */
  async post<S extends z.ZodType>(path: string, body: unknown, schema: S, idempotencyKey?: string): Promise<z.output<S>> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.send('POST', path, schema, { body, idempotencyKey });
      } catch (e) {
        const lost = e instanceof CartPilotNoResponse && !this.deps.signal.aborted && idempotencyKey !== undefined;
        if (!lost || attempt >= POST_ATTEMPTS) throw e;
        this.deps.log.warn('CartPilot answer lost; resending with the same Idempotency-Key', { path, attempt });
      }
    }
  }

  private async send<S extends z.ZodType>(
    method: 'GET' | 'POST',
    path: string,
    schema: S,
    opts: { query?: Query; body?: unknown; idempotencyKey?: string },
  ): Promise<z.output<S>> {
    const url = this.url(path, opts.query);
    const apiKey = await this.key();
    const headers: Record<string, string> = {
      Authorization: `Bearer ${apiKey}`,
      Accept: 'application/json',
      'X-Request-ID': this.deps.requestId,
    };
    if (opts.idempotencyKey) headers['Idempotency-Key'] = keyForApiKey(opts.idempotencyKey, apiKey);
    if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
    const signal = AbortSignal.any([this.deps.signal, AbortSignal.timeout(this.deps.config.upstreamTimeoutMs)]);
    let res: Response;
    let text: string;
    try {
      res = await (this.deps.fetch ?? fetch)(url, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body), signal });
      text = await res.text();
    } catch (e) {
      throw mapNetworkError(e, method);
    }
    const json = parseJson(text);
    if (!res.ok) throw mapCartPilotResponse(res.status, json, res.headers);
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new AppError('upstream_error', `CartPilot answered ${method} ${path.split('/')[1] ?? ''} in an unexpected shape.`, {
        cause: parsed.error,
        details: { provider: 'cartpilot' },
      });
    }
    return parsed.data;
  }

  private url(path: string, query: Query = {}): string {
    const base = this.deps.config.cartpilot.apiUrl;
    if (!base) {
      throw new AppError('not_connected', 'Shopping is not configured on this server (CARTPILOT_API_URL is unset).', {
        details: { provider: 'cartpilot', configured: false },
      });
    }
    const url = new URL(base.replace(/\/+$/, '') + path);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
    return url.toString();
  }

  /** Read once per client (the SecretSource caches across requests) and scrubbed from logs. */
  private key(): Promise<string> {
    this.apiKey ??= readApiKey(this.deps.secrets);
    return this.apiKey;
  }
}

async function readApiKey(secrets: SecretSource): Promise<string> {
  if (!(await secrets.has('cartpilot-api-key'))) {
    throw new AppError('not_connected', 'Shopping is not configured on this server (no cartpilot-api-key).', {
      details: { provider: 'cartpilot', configured: false },
    });
  }
  const { value } = await secrets.get('cartpilot-api-key');
  registerSecretValue(value);
  return value;
}

/**
 * CartPilot replays a cached answer before it checks the API key, and caches a 401 for 24 h. So
 * a key never outlives the API key it was first sent with: after a rotation (or the fix of a
 * wrong key) every operation gets a fresh key instead of its old answers. A short hash of the
 * API key, which reveals nothing useful about it, is appended.
 */
function keyForApiKey(idempotencyKey: string, apiKey: string): string {
  return `${idempotencyKey}.${createHash('sha256').update(apiKey).digest('hex').slice(0, 8)}`;
}

function toAppError(e: unknown): AppError {
  return isAppError(e) ? e : new AppError('upstream_error', 'CartPilot request failed.', { cause: e });
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/** Path segment for an id (ids are validated at the edge; this keeps any odd byte out of the path). */
export function seg(id: string): string {
  return encodeURIComponent(id);
}
