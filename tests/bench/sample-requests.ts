import { BENCH_EMAIL } from './bench-backend';

// A request each function answers with a real success against the bench backend (the ones that
// need state first are made in sample-preparations.ts). Bench inputs are data, not a list the
// build or the registry depends on: a function without one is still measured, to its first
// answer of any status, and the report says so.

export interface SampleRequest {
  method: 'GET' | 'POST' | 'PUT';
  /** Path and query after the function's own URL (default "/"). */
  path?: string;
  body?: unknown;
  /** Sent as is instead of `body` (a signed body must keep its bytes). */
  rawBody?: string;
  headers?: Record<string, string>;
  /** Service functions: also send the caller's OIDC token (bench-backend.ts serviceHeaders). */
  service?: true;
  /** Its success is a redirect (the OAuth flow): 302 counts. */
  redirects?: true;
  /** Fields the answer's `data` must hold: a 200 that did not do the work is no success. */
  expect?: Record<string, unknown>;
}

/** The request with the function's caller credentials added if it is a service function's. */
export function withCaller(r: SampleRequest, serviceHeaders: Record<string, string> | undefined): SampleRequest {
  return r.service ? { ...r, headers: { ...r.headers, ...serviceHeaders } } : r;
}

/** Whether `status` is the sample's real success: a 2xx, or the 302 of a redirecting one. */
export function isRealAnswer(r: SampleRequest, status: number): boolean {
  return (status >= 200 && status < 300) || (r.redirects === true && status === 302);
}

/** A method the function refuses (405): its first answer to it is bundle load and framework only. */
export function refusedMethod(methods: readonly string[]): 'GET' | 'POST' | 'PUT' {
  return (['GET', 'POST', 'PUT'] as const).find((m) => !methods.includes(m)) ?? 'PUT';
}

let counter = 0;
// Writes get a unique payload per call so an upstream duplicate check never refuses a run.
const unique = () => `${Date.now().toString(36)}-${(counter += 1)}`;

const SAMPLES: Record<string, () => SampleRequest> = {
  // max_age_seconds 0: the warm rows compare the request path with the same Google call made
  // directly; the cache's own effect is measured in read-paths-bench.ts.
  'list-calendar-events': () => ({ method: 'POST', body: { days_ahead: 7, max_age_seconds: 0 } }),
  'create-calendar-event': () => ({
    method: 'POST',
    body: { summary: `Bench ${unique()}`, start: new Date(Date.now() + 86_400_000).toISOString(), end: new Date(Date.now() + 90_000_000).toISOString() },
  }),
  'send-email': () => ({ method: 'POST', body: { to: [BENCH_EMAIL], subject: `Bench ${unique()}`, text: 'Cold start probe.' } }),
  'list-recent-emails': () => ({ method: 'POST', body: { max_results: 5 } }),
  'search-youtube': () => ({ method: 'POST', body: { query: 'serverless cold starts', max_results: 5 } }),
  'post-tweet': () => ({ method: 'POST', body: { text: `Bench post ${unique()}` } }),
  'integrations-status': () => ({ method: 'GET' }),
  'create-intent': () => ({ method: 'POST', body: { query: 'wireless headphones under $100' } }),
  'list-orders': () => ({ method: 'POST', body: {} }),
  // The caller's own settings and lists: first-use reads of Firestore.
  connections: () => ({ method: 'GET' }),
  'spending-policy': () => ({ method: 'GET' }),
  'digest-settings': () => ({ method: 'GET' }),
  approvals: () => ({ method: 'GET' }),
  // A turn with the (sandbox) model: conversation, governance and the model call.
  chat: () => ({ method: 'POST', body: { message: `Hello ${unique()}` } }),
  // Triggers, with their callers' OIDC tokens: work found or not, each answers 200.
  'gmail-push': () => ({
    method: 'POST',
    service: true,
    body: {
      message: { data: Buffer.from(JSON.stringify({ emailAddress: BENCH_EMAIL, historyId: '1' })).toString('base64'), messageId: unique() },
      subscription: 'projects/bench/subscriptions/gmail-push',
    },
  }),
  'digest-dispatch': () => ({ method: 'POST', service: true, body: {} }),
  'gmail-watch-renew': () => ({ method: 'POST', service: true, body: {} }),
  'calendar-channel-renew': () => ({ method: 'POST', service: true, body: {} }),
  'order-sync': () => ({ method: 'POST', service: true, body: {} }),
  'access-tokens': () => ({ method: 'GET' }),
  'find-free-time': () => ({ method: 'POST', body: { duration_minutes: 30, days_ahead: 7 } }),
  // Sorting asks the (sandbox) model about each message not sorted before.
  'sort-recent-emails': () => ({ method: 'POST', body: { max_results: 5 } }),
  // A day ahead: stored and enqueued, never delivered while the bench runs.
  'schedule-email': () => ({
    method: 'POST',
    body: { to: [BENCH_EMAIL], subject: `Bench ${unique()}`, text: 'Scheduled probe.', send_at: new Date(Date.now() + 86_400_000).toISOString() },
  }),
  'schedule-post': () => ({ method: 'POST', body: { text: `Scheduled post ${unique()}`, send_at: new Date(Date.now() + 86_400_000).toISOString() } }),
  'list-scheduled-sends': () => ({ method: 'POST', body: {} }),
  'oauth-start': () => ({ method: 'GET', path: '/?provider=google', redirects: true }),
  mcp: () => ({
    method: 'POST',
    body: { jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} },
    headers: { accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-11-25' },
  }),
};

export function sampleRequest(fn: string): SampleRequest | undefined {
  return SAMPLES[fn]?.();
}

/**
 * An Eventarc delivery of a Pub/Sub message to the digests topic, in binary mode, as
 * digest-worker receives it. (functions-framework's CloudEvent middleware fails with a 500 on
 * anything that is no CloudEvent.)
 */
export function digestsDelivery(projectId: string, data: unknown): SampleRequest & { headers: Record<string, string> } {
  return {
    method: 'POST',
    headers: {
      'ce-id': `bench-${unique()}`,
      'ce-specversion': '1.0',
      'ce-type': 'google.cloud.pubsub.topic.v1.messagePublished',
      'ce-source': `//pubsub.googleapis.com/projects/${projectId}/topics/digests`,
    },
    body: {
      message: { data: Buffer.from(JSON.stringify(data)).toString('base64'), messageId: unique(), publishTime: new Date().toISOString() },
      subscription: `projects/${projectId}/subscriptions/digests`,
    },
  };
}

/** What a CloudEvent function is sent when there is no sample: a message that is no job, which the worker acknowledges and drops. */
export function cloudEventProbe(): SampleRequest & { headers: Record<string, string> } {
  return digestsDelivery('bench', {});
}
