import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { actions } from '../actions';
import { modelGate, type AnyAction } from '../actions/define-action';
import { execute } from '../actions/execute';
import type { TokenScope } from '../auth/access-tokens-store';
import type { Caller } from '../auth/identity';
import type { ActionContext } from '../runtime/context';
import { toAppError } from '../errors';
import { forbiddenResponse } from '../orchestrator/commerce-policy';
import { gateCall } from '../orchestrator/gate-call';
import type { ToolApprovalStore } from '../orchestrator/tool-approvals-store';
import { errorResponse } from '../orchestrator/tool-results';
import type { ToolResponse } from '../orchestrator/types';
import type { Runtime } from '../runtime/runtime';
import { APPROVAL_RESULT_TOOL_NAME, ApprovalResultInput, approvalResult } from './approval-result-tool';
import { callable } from './mcp-tools';
import { approvalUrl, pendingView } from './pending-approval';
import { errorResult, outputResult, pendingResult, type ToolErrorBody, type ToolResult } from './tool-result';

// tools/call. The action goes through the same gate as the chat model's calls (gate-call.ts):
// reads run through execute() and return their output; a write becomes a pending approval stored
// for the person to decide in the console (the approvals function runs it, once). Unknown tools
// are a protocol error; refusals, bad arguments and failures are tool errors with our codes.

export interface McpSession {
  runtime: Runtime;
  caller: Caller;
  scope: TokenScope;
  requestId: string;
  signal: AbortSignal;
  approvals: ToolApprovalStore;
  /** Where the console is: approval links point into it. */
  consoleBase: string;
  /** The client speaks a protocol version with resource_link content (2025-06-18 and later). */
  resourceLinks: boolean;
}

export async function callTool(s: McpSession, name: string, args: Record<string, unknown>): Promise<ToolResult> {
  if (name === APPROVAL_RESULT_TOOL_NAME) return readApproval(s, args);
  const action = actions.find((a) => a.name === name);
  if (!action) throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${name}`);
  const refused = refusal(action, s.scope);
  if (refused) return errorResult(refused, s.requestId);
  const ctx = s.runtime.contextFor(s.caller, s.requestId, s.signal);
  const now = () => s.runtime.clock.now().getTime();
  const preview = { uid: s.caller.uid, config: s.runtime.config, connections: s.runtime.stores.connections };
  const gated = await gateCall(action, args, { ctx, preview, now, source: 'mcp', run: runWhole });
  if (gated.kind === 'answered') return 'error' in gated.response ? errorResult(gated.response.error, s.requestId) : outputResult(gated.response.output);
  await s.approvals.create(s.caller.uid, gated.approval);
  ctx.log.info('mcp call awaits approval', { approval: gated.approval.id, tool: action.name });
  return pendingResult(pendingView(gated.approval, approvalUrl(s.consoleBase, gated.approval.id)), s.resourceLinks);
}

function refusal(action: AnyAction, scope: TokenScope): ToolErrorBody | undefined {
  if (modelGate(action) === 'human_only') return forbiddenError(action.name);
  if (!callable(action, scope))
    return { code: 'forbidden', message: `This access token is read-only; ${action.name} needs a token that may request approvals.` };
  return undefined;
}

function forbiddenError(name: string): ToolErrorBody {
  const r = forbiddenResponse(name);
  return 'error' in r ? r.error : { code: 'forbidden', message: `${name} is not available here.` };
}

/** The action's whole output (MCP clients validate it against the declared schema; no model-context cap). */
async function runWhole(action: AnyAction, ctx: ActionContext, input: unknown): Promise<ToolResponse> {
  try {
    return { output: await execute(action, ctx, input) };
  } catch (e) {
    const err = toAppError(e);
    if (err.status >= 500) ctx.log.error(err.message, { code: err.code, err: err.cause ?? err, tool: action.name });
    return errorResponse(err);
  }
}

async function readApproval(s: McpSession, args: Record<string, unknown>): Promise<ToolResult> {
  const parsed = ApprovalResultInput.safeParse(args);
  if (!parsed.success) return errorResult({ code: 'invalid_input', message: 'approval_id must be the id a tool call answered with.' }, s.requestId);
  try {
    const a = await s.approvals.get(s.caller.uid, parsed.data.approval_id);
    return outputResult(approvalResult(a, parsed.data.approval_id, s.runtime.clock.now().getTime(), s.consoleBase));
  } catch (e) {
    return errorResult(errorResponseBody(e), s.requestId);
  }
}

function errorResponseBody(e: unknown): ToolErrorBody {
  const r = errorResponse(e);
  return 'error' in r ? r.error : { code: 'internal', message: 'Internal error.' };
}
