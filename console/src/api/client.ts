import { ApiError, asApiError, errorFromBody } from './api-error';
import { readEventStream } from './sse';
import type { BodyOf, DataOf, FunctionName, MethodOf, OrchestratorEvent, QueryOf } from './types';

// The typed client: one method for every call in types.ts. The ID token travels only in the
// Authorization header (never a URL, never storage); every failure becomes an ApiError carrying
// the envelope's code, message and request id.

export interface CallOptions<F extends FunctionName, M extends MethodOf<F>> {
  query?: QueryOf<F, M>;
  body?: BodyOf<F, M>;
  /** A path suffix, e.g. an approval id: /approvals/{id}. */
  path?: string;
  /** Sent as Idempotency-Key: one per deliberate action, so a retried click cannot act twice. */
  idempotencyKey?: string;
}

type LooseOptions = { query?: unknown; body?: unknown; path?: string; idempotencyKey?: string };

export type TokenSource = () => Promise<string>;

/** The functions whose calls run a model turn, which may take longer than a proxy in front waits. */
const LONG_RUNNING = new Set<string>(['chat', 'approvals']);

export class ApiClient {
  /** `directBase`: where LONG_RUNNING functions are called instead of `base` (config `direct_api_base`). */
  constructor(
    private readonly base: string,
    private readonly token: TokenSource,
    private readonly directBase?: string,
  ) {}

  async call<F extends FunctionName, M extends MethodOf<F>>(fn: F, method: M, opts: CallOptions<F, M> = {}): Promise<DataOf<F, M>> {
    const res = await this.send(fn, method, opts, 'application/json');
    const body = await res.json().catch(() => undefined);
    if (!res.ok) throw errorFromBody(res.status, body, res.headers.get('x-request-id'));
    return (body as { data: DataOf<F, M> }).data;
  }

  /** POST with Accept: text/event-stream; events as they come, then the final status and data. */
  async stream<F extends 'chat' | 'approvals'>(
    fn: F,
    opts: CallOptions<F, 'POST'>,
    onEvent: (e: OrchestratorEvent) => void,
  ): Promise<{ status: number; data: DataOf<F, 'POST'> }> {
    const res = await this.send(fn, 'POST', opts, 'text/event-stream');
    if (!res.ok || !res.body) throw errorFromBody(res.status, await res.json().catch(() => undefined), res.headers.get('x-request-id'));
    let outcome: { status: number; body: unknown } | undefined;
    await readEventStream(res.body, ({ event, data }) => {
      if (event === 'done' || event === 'error') outcome = data as { status: number; body: unknown };
      else onEvent(data as OrchestratorEvent);
    });
    if (!outcome) throw new ApiError(0, 'stream_ended', 'The reply stream ended before it finished.', res.headers.get('x-request-id') ?? undefined);
    if (outcome.status >= 400) throw errorFromBody(outcome.status, outcome.body, res.headers.get('x-request-id'));
    return { status: outcome.status, data: (outcome.body as { data: DataOf<F, 'POST'> }).data };
  }

  private async send(fn: string, method: string, opts: LooseOptions, accept: string): Promise<Response> {
    const base = this.directBase && LONG_RUNNING.has(fn) ? this.directBase : this.base;
    const url = `${base}/${fn}${opts.path ? `/${encodeURIComponent(opts.path)}` : ''}${queryString(opts.query)}`;
    const headers: Record<string, string> = { accept, authorization: `Bearer ${await this.token()}` };
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
    try {
      // No ambient cookies (the ID token is the credential), except oauth-start: it binds the
      // connect flow to this browser with a cookie the callback checks (shared/oauth/browser-binding.ts).
      const credentials: RequestCredentials = fn === 'oauth-start' ? 'same-origin' : 'omit';
      return await fetch(url, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body), credentials });
    } catch (e) {
      throw asApiError(e);
    }
  }
}

function queryString(query: unknown): string {
  if (!query || typeof query !== 'object') return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null) params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}
