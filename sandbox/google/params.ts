// Query-parameter parsing shared by the API routes, failing the way Google's front end does.
import { badRequest } from './errors';

export interface IntRule {
  def: number;
  min: number;
  max: number;
  /** Calendar and Gmail silently cap large page sizes; YouTube rejects them. */
  clampHigh?: boolean;
}

export function intParam(q: URLSearchParams, name: string, rule: IntRule): number {
  const raw = q.get(name);
  if (raw === null || raw === '') return rule.def;
  const n = Number(raw);
  const invalid = () => badRequest(`Invalid value '${raw}'. Values must be within the range: [${rule.min}, ${rule.max}]`, 'invalidParameter', name);
  if (!Number.isInteger(n) || n < rule.min) invalid();
  if (n > rule.max) return rule.clampHigh ? rule.max : invalid();
  return n;
}

export function boolParam(q: URLSearchParams, name: string): boolean {
  const raw = q.get(name);
  if (raw === null || raw === 'false') return false;
  if (raw === 'true') return true;
  badRequest(`Invalid boolean value: '${raw}'.`, 'invalidParameter', name);
}

export function enumParam<T extends string>(q: URLSearchParams, name: string, allowed: readonly T[]): T | undefined {
  const raw = q.get(name);
  if (raw === null) return undefined;
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  badRequest(`Invalid value '${raw}' for ${name}. Allowed values: ${allowed.join(', ')}`, 'invalidParameter', name);
}

/** The JSON body of a write, or a 400 parseError like Google's for a body that is not JSON. */
export function jsonBody(json: unknown, rawBody: string): Record<string, unknown> {
  if (json && typeof json === 'object' && !Array.isArray(json)) return json as Record<string, unknown>;
  if (rawBody) badRequest('Invalid JSON payload received.', 'parseError');
  return {};
}
