import { actionByName } from '../actions';
import type { AnyAction } from '../actions/define-action';
import type { ActionContext } from '../runtime/context';
import { executeOnce } from '../effects/run-once';
import { type Executor, invalidArgs, runTool } from './tool-results';
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
  const action = lookup(a.tool);
  if (!action) return { error: { code: 'not_available', message: `${a.tool} is no longer available.` } };
  if (a.binding) return runApprovedResult(action, a.binding, ctx);
  const parsed = action.input.safeParse(a.args);
  if (!parsed.success) return invalidArgs(a.tool, parsed.error);
  // The approval is the effect: its id names the write at the provider, and its record settles it.
  const once: Executor | undefined = action.once ? (act, c, input) => executeOnce(act, c, input, { effectId: a.id, approvalId: a.id }) : undefined;
  return runTool(action, ctx, parsed.data, once);
}

/**
 * The person approved a prepared result (a frozen receipt): run the action's follow-up steps in
 * order with the stored binding (approve at CartPilot, then place the order); the first failure stops.
 */
async function runApprovedResult(action: AnyAction, binding: Record<string, string>, ctx: ActionContext): Promise<ToolResponse> {
  const approves = action.approvesResult;
  if (!approves) return { error: { code: 'not_available', message: `${action.name} has nothing to run on approval.` } };
  const outputs: Record<string, unknown> = {};
  for (const [key, step] of Object.entries(approves.onApprove())) {
    const done = await runStep(step, binding, ctx);
    if ('error' in done) {
      if (Object.keys(outputs).length === 0) return done;
      return { error: { ...done.error, message: `${approves.laterStepFailed}: ${done.error.message}` } };
    }
    outputs[key] = done.output;
  }
  return { output: { approved_by_user: true, ...outputs } };
}

async function runStep(step: AnyAction, binding: Record<string, string>, ctx: ActionContext): Promise<ToolResponse> {
  // Only the fields this step's input declares (approve takes the approval, confirm the checkout).
  const shape = step.input.shape as Record<string, unknown>;
  const parsed = step.input.safeParse(Object.fromEntries(Object.entries(binding).filter(([k]) => k in shape)));
  if (!parsed.success) return invalidArgs(step.name, parsed.error);
  return runTool(step, ctx, parsed.data);
}
