import { actionByName } from '../actions';
import type { AnyAction } from '../actions/define-action';
import type { ActionContext } from '../context';
import { APPROVE_CHECKOUT, CONFIRM_CHECKOUT } from './commerce-policy';
import { invalidArgs, runTool } from './tool-results';
import { argsHash, type ToolApproval } from './tool-approvals-store';
import type { ToolResponse } from './types';

// Runs what a person approved, with their identity (ctx is built from the approving request).
// Exactly the stored arguments: their hash is checked again, and nothing the model or the
// client says now can change them (an edit needs a new approval). Called once per approval: the
// approval's pending → executing transaction is the guard, so there is no retry here either.

export type ActionLookup = (name: string) => AnyAction | undefined;

export async function runApproved(a: ToolApproval, ctx: ActionContext, lookup: ActionLookup = actionByName): Promise<ToolResponse> {
  if (argsHash(a.tool, a.args) !== a.argsHash) {
    ctx.log.error('approval arguments do not match their hash', { approval: a.id, tool: a.tool });
    return { error: { code: 'conflict', message: 'The approved arguments were altered; nothing was run.' } };
  }
  if (a.purchase) return purchase(a.purchase, ctx, lookup);
  const action = lookup(a.tool);
  if (!action) return { error: { code: 'not_available', message: `${a.tool} is no longer available.` } };
  const parsed = action.input.safeParse(a.args);
  if (!parsed.success) return invalidArgs(a.tool, parsed.error);
  return runTool(action, ctx, parsed.data);
}

/** The person approved the frozen receipt: approve it at CartPilot, then place the order. */
async function purchase(p: NonNullable<ToolApproval['purchase']>, ctx: ActionContext, lookup: ActionLookup): Promise<ToolResponse> {
  const values = { approval_id: p.commerceApprovalId, checkout_id: p.checkoutId };
  const approved = await runStep(APPROVE_CHECKOUT, values, ctx, lookup);
  if ('error' in approved) return approved;
  const confirmed = await runStep(CONFIRM_CHECKOUT, values, ctx, lookup);
  if ('error' in confirmed) {
    return { error: { ...confirmed.error, message: `The purchase was approved but placing the order failed: ${confirmed.error.message}` } };
  }
  return { output: { approved_by_user: true, approval: approved.output, order: confirmed.output } };
}

async function runStep(name: string, values: Record<string, string>, ctx: ActionContext, lookup: ActionLookup): Promise<ToolResponse> {
  const action = lookup(name);
  if (!action) return { error: { code: 'not_available', message: `${name} is not available on this server.` } };
  // Only the fields this action's input declares (approve takes the approval, confirm the checkout).
  const shape = action.input.shape as Record<string, unknown>;
  const input = Object.fromEntries(Object.entries(values).filter(([k]) => k in shape));
  const parsed = action.input.safeParse(input);
  if (!parsed.success) return invalidArgs(name, parsed.error);
  return runTool(action, ctx, parsed.data);
}
