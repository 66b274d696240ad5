import { z } from 'zod';
import type { ToolApproval } from '../orchestrator/tool-approvals-store';

// What a tool call that needs the person's approval answers: it did not run; here is the approval,
// where the person decides it, and what exactly will happen (the preview the console shows).
// It is also the output schema such tools declare, derived from their gate, not per action.

const Preview = z.object({
  kind: z.string(),
  title: z.string().describe('One line the person decides on.'),
  details: z.record(z.string(), z.unknown()),
});

export const PendingApproval = z.object({
  status: z.literal('pending_approval'),
  approval_id: z.string(),
  tool: z.string(),
  approval_url: z.string().describe('The approval in the web console, where the person approves or denies it.'),
  expires_at: z.string().describe('After this the approval can no longer be approved.'),
  preview: Preview.describe('Exactly what will happen if the person approves.'),
  next: z.string(),
});

export type PendingApprovalView = z.infer<typeof PendingApproval>;

export const NEXT_STEP =
  'Nothing has happened yet. Ask the person to approve it in the console (approval_url); then call get_approval_result with approval_id to learn the outcome. Do not call this tool again for the same request.';

export function pendingView(a: ToolApproval, approvalUrl: string): PendingApprovalView {
  return {
    status: 'pending_approval',
    approval_id: a.id,
    tool: a.tool,
    approval_url: approvalUrl,
    expires_at: new Date(a.expiresAtMs).toISOString(),
    preview: { kind: a.preview.kind, title: a.preview.title, details: a.preview.details },
    next: NEXT_STEP,
  };
}

/** `<console>/#/approvals/<id>`: the console's hash route for one approval (console/src/ui/router.ts). */
export function approvalUrl(consoleBase: string, id: string): string {
  return `${consoleBase.replace(/\/+$/, '')}/#/approvals/${encodeURIComponent(id)}`;
}
