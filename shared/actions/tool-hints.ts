import type { Effect } from './define-action';

// The standard tool hints (the MCP tool annotations' vocabulary), derived from an action's effect
// in this one place, so every surface that lists tools (OpenAPI, MCP, the console) says the same.
// - readOnlyHint: it changes nothing anywhere (reads).
// - destructiveHint: it may undo or take away what exists (money moves, orders are cancelled);
//   sends, posts and new events only add.
// - idempotentHint: calling it again with the same arguments has no further effect (reads only:
//   a repeated send sends again unless the caller reuses its Idempotency-Key).
// - openWorldHint: it talks to a world outside this backend (every action reaches a provider).

export interface ToolHints {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

export function toolHints(action: { effect: Effect }): ToolHints {
  const read = action.effect === 'read';
  return { readOnlyHint: read, destructiveHint: action.effect === 'purchase', idempotentHint: read, openWorldHint: true };
}
