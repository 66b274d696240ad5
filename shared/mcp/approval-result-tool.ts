import { z } from 'zod';
import { AppError } from '../errors';
import type { ToolApproval } from '../orchestrator/tool-approvals-store';
import type { McpTool } from './mcp-tool';
import { approvalUrl } from './pending-approval';

// get_approval_result: how an MCP client learns what became of a call that waited for the person.
// It only reads the approval record the approvals function wrote when the person decided, so the
// result it returns is that of the one execution; asking again never runs anything. Approvals
// live under the user's own documents: another user's id is simply not found.

export const APPROVAL_RESULT_TOOL_NAME = 'get_approval_result';

export const ApprovalResultInput = z.strictObject({
  approval_id: z
    .string()
    .regex(/^[\w-]{8,64}$/)
    .describe('The approval_id a tool call answered with.'),
});

const Status = z.enum(['pending', 'executing', 'executed', 'failed', 'denied', 'expired', 'superseded']);

export const ApprovalResult = z.object({
  approval_id: z.string(),
  tool: z.string(),
  status: Status,
  message: z.string().describe('The outcome in one sentence.'),
  approval_url: z.string(),
  result: z.unknown().optional().describe('executed: what the one approved execution returned.'),
  error: z.object({ code: z.string(), message: z.string() }).optional().describe('failed: why the approved execution failed.'),
});

export const APPROVAL_RESULT_TOOL: McpTool = {
  name: APPROVAL_RESULT_TOOL_NAME,
  description:
    "The outcome of a call that waited for the person's approval: still pending, executed (with the result of its single execution), failed, denied or expired. Reading it never runs anything.",
  inputSchema: z.toJSONSchema(ApprovalResultInput, { io: 'input' }) as McpTool['inputSchema'],
  outputSchema: z.toJSONSchema(ApprovalResult, { io: 'output' }) as McpTool['outputSchema'],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
};

const SAID: Record<z.infer<typeof Status>, string> = {
  pending: 'The person has not decided yet; nothing has happened. Ask them to open approval_url.',
  executing: 'The person approved it and it is running now; ask again in a few seconds.',
  executed: 'The person approved it and it was done once; result is what it returned.',
  failed: 'The person approved it, but it failed; error says why. It was not retried.',
  denied: 'The person declined it. Nothing was done.',
  expired: 'Nobody approved it in time, so it expired. Nothing was done.',
  superseded: 'It was withdrawn before anyone approved it. Nothing was done.',
};

export function approvalResult(a: ToolApproval | undefined, id: string, nowMs: number, consoleBase: string): z.infer<typeof ApprovalResult> {
  if (!a) throw new AppError('not_found', `No approval ${id} of yours exists.`);
  const status = a.status === 'pending' && a.expiresAtMs <= nowMs ? 'expired' : a.status;
  const base = { approval_id: a.id, tool: a.tool, status, message: SAID[status], approval_url: approvalUrl(consoleBase, a.id) };
  const r = a.result;
  if (status === 'executed' && r && 'output' in r) return { ...base, result: r.output };
  if (status === 'failed' && r && 'error' in r) return { ...base, error: { code: r.error.code, message: r.error.message } };
  return base;
}
