import type { z } from 'zod';
import type { AnyAction } from '../actions/define-action';
import type { ActionContext } from '../runtime/context';
import { toAppError } from '../errors';
import { execute } from '../actions/execute';
import type { ToolResponse } from './types';

// A tool's outcome as the model receives it: `{output}` or `{error:{code,message}}`. A failing
// tool is data for the model (it can apologise, ask for a reconnect, try other arguments), never
// a crash of the turn. Internal errors reach the model as an opaque message, like HTTP callers.

/** Results above this many characters of JSON are cut: an inbox must not eat the context. */
export const MAX_RESULT_CHARS = 32_000;

export type Executor = (action: AnyAction, ctx: ActionContext, input: unknown) => Promise<unknown>;

export async function runTool(action: AnyAction, ctx: ActionContext, input: unknown, run: Executor = execute): Promise<ToolResponse> {
  try {
    return capped({ output: await run(action, ctx, input) });
  } catch (e) {
    return errorResponse(e);
  }
}

export function errorResponse(e: unknown): ToolResponse {
  const err = toAppError(e);
  const internal = err.code === 'internal';
  const details = internal ? undefined : err.details;
  return { error: { code: err.code, message: internal ? 'Internal error.' : err.message, ...(details ? { details } : {}) } };
}

export function invalidArgs(name: string, error: z.ZodError): ToolResponse {
  const issues = error.issues.slice(0, 10).map((i) => ({ path: i.path.join('.'), message: i.message }));
  return { error: { code: 'invalid_input', message: `The arguments for ${name} are invalid; fix them and call again.`, details: { issues } } };
}

function capped(response: ToolResponse): ToolResponse {
  const json = JSON.stringify(response);
  if (json.length <= MAX_RESULT_CHARS) return response;
  return {
    output: { truncated: true, note: `The result was ${json.length} characters; only the start is shown.`, partial_json: json.slice(0, MAX_RESULT_CHARS) },
  };
}

/** One line for the caller's tool_calls list: "3 videos", "done: https://x.com/…", an error. */
export function summarize(response: ToolResponse): string {
  if ('error' in response) return `${response.error.code}: ${response.error.message}`;
  const out = response.output;
  if (!out || typeof out !== 'object') return 'done';
  const entries = Object.entries(out as Record<string, unknown>);
  const list = entries.find(([, v]) => Array.isArray(v));
  if (list) return `${(list[1] as unknown[]).length} ${list[0].replace(/_/g, ' ')}`;
  const url = entries.find(([k, v]) => k === 'url' && typeof v === 'string');
  if (url) return `done: ${String(url[1])}`;
  const id = entries.find(([k]) => k === 'id' || k.endsWith('_id'));
  return id ? `done: ${id[0]} ${String(id[1])}` : 'done';
}
