import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config';
import { startRequest } from '../../shared/http/request-scope';
import { traceContextOf, traceLogFields } from '../../shared/http/trace-context';
import type { HttpRequest, HttpResponse } from '../../shared/http/types';
import { createRuntime } from '../../shared/runtime/runtime';

// Trace correlation: which headers are trusted, how they become Cloud Logging fields, and that
// the per-request logger really carries them.

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';
const req = (headers: Record<string, string>): HttpRequest => ({ method: 'POST', headers });

const cases: Array<[string, Record<string, string>, { traceId: string; spanId?: string; sampled: boolean } | undefined]> = [
  ['traceparent, sampled', { traceparent: `00-${TRACE}-${SPAN}-01` }, { traceId: TRACE, spanId: SPAN, sampled: true }],
  ['traceparent, not sampled', { traceparent: `00-${TRACE}-${SPAN}-00` }, { traceId: TRACE, spanId: SPAN, sampled: false }],
  ['traceparent, future version with extra field', { traceparent: `01-${TRACE}-${SPAN}-01-extra` }, { traceId: TRACE, spanId: SPAN, sampled: true }],
  ['traceparent, version 00 with extra field', { traceparent: `00-${TRACE}-${SPAN}-01-extra` }, undefined],
  ['traceparent, version ff', { traceparent: `ff-${TRACE}-${SPAN}-01` }, undefined],
  ['traceparent, all-zero trace id', { traceparent: `00-${'0'.repeat(32)}-${SPAN}-01` }, undefined],
  ['traceparent, all-zero span id', { traceparent: `00-${TRACE}-${'0'.repeat(16)}-01` }, undefined],
  ['traceparent, uppercase hex', { traceparent: `00-${TRACE.toUpperCase()}-${SPAN}-01` }, undefined],
  ['traceparent, short trace id', { traceparent: `00-${TRACE.slice(2)}-${SPAN}-01` }, undefined],
  ['traceparent, injected text', { traceparent: `00-${TRACE}-${SPAN}-01\nfake` }, undefined],
  ['cloud trace, span and o=1', { 'x-cloud-trace-context': `${TRACE}/1;o=1` }, { traceId: TRACE, spanId: '0000000000000001', sampled: true }],
  ['cloud trace, decimal span to hex', { 'x-cloud-trace-context': `${TRACE}/67667974448284343;o=0` }, { traceId: TRACE, spanId: SPAN, sampled: false }],
  ['cloud trace, trace only', { 'x-cloud-trace-context': TRACE }, { traceId: TRACE, sampled: false }],
  [
    'cloud trace, uppercase trace id normalised',
    { 'x-cloud-trace-context': `${TRACE.toUpperCase()}/1` },
    { traceId: TRACE, spanId: '0000000000000001', sampled: false },
  ],
  ['cloud trace, span 0 means no span', { 'x-cloud-trace-context': `${TRACE}/0;o=1` }, { traceId: TRACE, sampled: true }],
  ['cloud trace, span beyond 64 bits', { 'x-cloud-trace-context': `${TRACE}/18446744073709551616` }, undefined],
  [
    'cloud trace, largest 64-bit span',
    { 'x-cloud-trace-context': `${TRACE}/18446744073709551615` },
    { traceId: TRACE, spanId: 'ffffffffffffffff', sampled: false },
  ],
  ['cloud trace, garbage', { 'x-cloud-trace-context': 'not-a-trace/1;o=1' }, undefined],
  [
    'both: traceparent wins',
    { traceparent: `00-${TRACE}-${SPAN}-01`, 'x-cloud-trace-context': `${'a'.repeat(32)}/5;o=0` },
    { traceId: TRACE, spanId: SPAN, sampled: true },
  ],
  [
    'both: bad traceparent falls back',
    { traceparent: 'garbage', 'x-cloud-trace-context': `${'a'.repeat(32)}/5;o=1` },
    { traceId: 'a'.repeat(32), spanId: '0000000000000005', sampled: true },
  ],
  ['neither', {}, undefined],
];

describe('trace context', () => {
  it.each(cases)('%s', (_name, headers, expected) => {
    expect(traceContextOf(req(headers))).toEqual(expected);
  });

  it('becomes the Cloud Logging special fields', () => {
    expect(traceLogFields({ traceId: TRACE, spanId: SPAN, sampled: true }, 'p1')).toEqual({
      'logging.googleapis.com/trace': `projects/p1/traces/${TRACE}`,
      'logging.googleapis.com/spanId': SPAN,
      'logging.googleapis.com/trace_sampled': true,
    });
    expect(traceLogFields({ traceId: TRACE, sampled: false }, 'p1')).not.toHaveProperty(['logging.googleapis.com/spanId']);
    expect(traceLogFields(undefined, 'p1')).toEqual({});
  });
});

describe('request scope logger', () => {
  const fakeRes = (): HttpResponse => {
    const headers: Record<string, unknown> = {};
    return {
      statusCode: 200,
      headersSent: false,
      setHeader: (n, v) => (headers[n.toLowerCase()] = v),
      getHeader: (n) => headers[n.toLowerCase()],
      status() {
        return this;
      },
      end: () => undefined,
    };
  };

  it('carries request id, trace and the hashed user on every line', () => {
    const lines: string[] = [];
    const runtime = createRuntime({ config: loadConfig({ GOOGLE_CLOUD_PROJECT: 'p1', AUTH_MODE: 'dev' }), logSink: (l) => lines.push(l) });
    const scope = startRequest(req({ traceparent: `00-${TRACE}-${SPAN}-01`, 'x-request-id': 'req-12345678' }), fakeRes(), () => runtime);
    if (!scope) throw new Error('no scope');
    try {
      scope.runtime.log.info('from the handler');
      scope.runtime.contextFor({ uid: 'alice', via: 'dev' }, scope.requestId, scope.signal).log.info('from the action');
    } finally {
      scope.end();
    }
    const [handler, action] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const expected = { requestId: 'req-12345678', 'logging.googleapis.com/trace': `projects/p1/traces/${TRACE}`, 'logging.googleapis.com/spanId': SPAN };
    expect(handler).toMatchObject(expected);
    expect(action).toMatchObject({ ...expected, user: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(JSON.stringify(action)).not.toContain('alice');
    // The instance runtime itself stays request-free.
    runtime.log.info('instance');
    expect(JSON.parse(lines[2] ?? '{}')).not.toHaveProperty('requestId');
  });
});
