import { z } from 'zod';
import { actions as registry } from '../actions';
import { modelGate, type AnyAction } from '../actions/define-action';
import { toolHints } from '../actions/tool-hints';
import type { TokenScope } from '../auth/access-tokens-store';
import { APPROVAL_RESULT_TOOL } from './approval-result-tool';
import type { McpTool } from './mcp-tool';
import { PendingApproval } from './pending-approval';

// The MCP tools, derived from the action registry like the HTTP functions and the Gemini
// declarations: same names and descriptions, the input JSON Schema from the zod schema, the
// annotations from the action's effect, and an output schema from its gate — the action's own
// output when it runs at once, the pending approval when a person must approve first. Human-only
// actions are never listed. A new action in the registry is a new tool; nothing here names one.

const WAITS =
  ' It does not run when called: it becomes a pending approval the person approves or denies in the console; the result says where, and get_approval_result reports the outcome.';

export function actionTool(action: AnyAction): McpTool {
  const gated = modelGate(action) !== 'none';
  const output = gated ? PendingApproval : action.output;
  return {
    name: action.name,
    description: gated ? `${action.description}${WAITS}` : action.description,
    inputSchema: objectSchema(z.toJSONSchema(action.input, { io: 'input', unrepresentable: 'any' })) ?? { type: 'object' },
    ...optional('outputSchema', objectSchema(z.toJSONSchema(output, { io: 'output', unrepresentable: 'any' }))),
    annotations: toolHints(action),
  };
}

/** Tools a caller may call: reads only for a read-scoped token; never a human-only action. */
export function callable(action: AnyAction, scope: TokenScope): boolean {
  if (modelGate(action) === 'human_only') return false;
  return scope === 'approvals' || action.effect === 'read';
}

const listed = new Map<string, McpTool[]>();

/** The list for a scope, in registry order (stable), built once per instance. */
export function toolsFor(scope: TokenScope, actions: readonly AnyAction[] = registry): McpTool[] {
  const key = actions === registry ? scope : undefined;
  const cached = key ? listed.get(key) : undefined;
  if (cached) return cached;
  const tools = [...actions.filter((a) => callable(a, scope)).map(actionTool), APPROVAL_RESULT_TOOL];
  if (key) listed.set(key, tools);
  return tools;
}

/** MCP requires an object at the root of both schemas; anything else is left undeclared. */
function objectSchema(schema: Record<string, unknown>): McpTool['inputSchema'] | undefined {
  return schema.type === 'object' ? (schema as McpTool['inputSchema']) : undefined;
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}
