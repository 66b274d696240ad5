import type { LogFields } from '../log';
import { header, type HttpRequest } from './types';

// Trace correlation for Cloud Logging: the fields below make the Logs Explorer group every line
// of a request under its trace, next to the request log Cloud Run writes itself.
// https://cloud.google.com/logging/docs/structured-logging#special-payload-fields
// The incoming trace comes from W3C `traceparent` (what Cloud Run and OpenTelemetry propagate)
// or, failing that, Google's legacy `X-Cloud-Trace-Context`. A malformed header is ignored,
// never trusted: a caller must not be able to write arbitrary text into these fields.

export interface TraceContext {
  traceId: string; // 32 lowercase hex
  /** 16 lowercase hex (the Trace API v2 form Cloud Logging expects); absent when the caller sent none. */
  spanId?: string;
  sampled: boolean;
}

// https://www.w3.org/TR/trace-context/#traceparent-header-field-values
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
// https://cloud.google.com/trace/docs/trace-context#legacy-http-header: TRACE_ID/SPAN_ID;o=OPTIONS,
// where SPAN_ID is an unsigned 64-bit decimal.
const CLOUD_TRACE = /^([0-9a-fA-F]{32})(?:\/(\d{1,20}))?(?:;o=([0-9]+))?$/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);
const MAX_U64 = (1n << 64n) - 1n;

export function parseTraceparent(value: string | undefined): TraceContext | undefined {
  const m = TRACEPARENT.exec(value?.trim() ?? '');
  if (!m) return undefined;
  const [, version, traceId, spanId, flags, rest] = m as unknown as [string, string, string, string, string, string | undefined];
  // Version ff is forbidden; version 00 has exactly four fields; later versions may append more.
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined;
  if (traceId === ZERO_TRACE || spanId === ZERO_SPAN) return undefined;
  return { traceId, spanId, sampled: (parseInt(flags, 16) & 1) === 1 };
}

export function parseCloudTraceContext(value: string | undefined): TraceContext | undefined {
  const m = CLOUD_TRACE.exec(value?.trim() ?? '');
  if (!m) return undefined;
  const traceId = (m[1] ?? '').toLowerCase();
  if (traceId === ZERO_TRACE) return undefined;
  const span = m[2] === undefined ? 0n : BigInt(m[2]);
  if (span > MAX_U64) return undefined;
  // Span 0 means "no parent span": keep the trace, which is what correlation needs.
  if (span === 0n) return { traceId, sampled: m[3] === '1' };
  return { traceId, spanId: span.toString(16).padStart(16, '0'), sampled: m[3] === '1' };
}

/** traceparent wins over X-Cloud-Trace-Context when both are valid (W3C is the current standard). */
export function traceContextOf(req: HttpRequest): TraceContext | undefined {
  return parseTraceparent(header(req, 'traceparent')) ?? parseCloudTraceContext(header(req, 'x-cloud-trace-context'));
}

/** The Cloud Logging special fields for a trace, or none when there is no trace or no project. */
export function traceLogFields(trace: TraceContext | undefined, projectId: string | undefined): LogFields {
  if (!trace || !projectId) return {};
  return {
    'logging.googleapis.com/trace': `projects/${projectId}/traces/${trace.traceId}`,
    ...(trace.spanId ? { 'logging.googleapis.com/spanId': trace.spanId } : {}),
    'logging.googleapis.com/trace_sampled': trace.sampled,
  };
}
