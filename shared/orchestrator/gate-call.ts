import { modelGate, type AnyAction } from '../actions/define-action';
import { genericPreview, type PreviewContext } from '../actions/preview';
import type { ActionContext } from '../runtime/context';
import { errorResponse, invalidArgs, runTool } from './tool-results';
import { APPROVAL_TTL_MS, argsHash, type ApprovalSource, type ToolApproval } from './tool-approvals-store';
import type { ToolResponse } from './types';

// The approval gate, the same for every caller that is not the person themselves (the chat model,
// an MCP client): reads and preparations run now; a write becomes a pending approval carrying the
// exact arguments and the preview the person will see; an action whose result is what is approved
// (request_approval) runs now and its result becomes the approval. Nothing that sends, posts or
// buys runs here. Human-only actions are refused by the caller before it gets here.

export interface GateDeps {
  ctx: ActionContext;
  preview: PreviewContext;
  now: () => number;
  source: ApprovalSource;
  /** The conversation the call belongs to (chat only). */
  conversationId?: string;
  /** How an allowed call runs (default runTool: output checked, and capped for a model's context). */
  run?: (action: AnyAction, ctx: ActionContext, input: unknown) => Promise<ToolResponse>;
}

export type Gated = { kind: 'answered'; response: ToolResponse } | { kind: 'pending'; approval: ToolApproval };

export async function gateCall(action: AnyAction, args: Record<string, unknown>, deps: GateDeps): Promise<Gated> {
  const parsed = action.input.safeParse(args);
  if (!parsed.success) return { kind: 'answered', response: invalidArgs(action.name, parsed.error) };
  const run = deps.run ?? runTool;
  const gate = modelGate(action);
  if (gate === 'approve_result') return resultGate(action, args, parsed.data, deps, run);
  if (gate === 'none') return { kind: 'answered', response: await run(action, deps.ctx, parsed.data) };
  try {
    const { runsAs, ...preview } = action.preview ? await action.preview(parsed.data, deps.preview) : genericPreview(action, parsed.data);
    return { kind: 'pending', approval: newApproval(action, pinAccount(action, args, runsAs), preview, deps) };
  } catch (e) {
    return { kind: 'answered', response: errorResponse(e) };
  }
}

/** An action whose result is what the person approves (a frozen receipt): it runs now, its answer waits. */
async function resultGate(action: AnyAction, args: Record<string, unknown>, input: unknown, deps: GateDeps, run: NonNullable<GateDeps['run']>): Promise<Gated> {
  const response = await run(action, deps.ctx, input);
  if ('error' in response) return { kind: 'answered', response };
  const approves = action.approvesResult;
  if (!approves) throw new Error(`${action.name} has no result to approve`);
  // run checked the output against the action's schema; approvesResult is typed by it.
  const approval = newApproval(action, args, approves.preview(response.output), deps);
  approval.effect = approves.effect;
  approval.binding = approves.binding(response.output);
  return { kind: 'pending', approval };
}

/**
 * The account the preview resolved becomes part of the approved arguments (and their hash) when
 * the call named none: the execution then runs as exactly the account the person saw.
 */
function pinAccount(action: AnyAction, args: Record<string, unknown>, runsAs: string | undefined): Record<string, unknown> {
  if (!runsAs || args.account !== undefined || !('account' in action.input.shape)) return args;
  return { ...args, account: runsAs };
}

function newApproval(action: AnyAction, args: Record<string, unknown>, preview: ToolApproval['preview'], deps: GateDeps): ToolApproval {
  const now = deps.now();
  return {
    id: deps.ctx.ids.random(),
    source: deps.source,
    ...(deps.conversationId ? { conversationId: deps.conversationId } : {}),
    tool: action.name,
    effect: action.effect,
    args,
    argsHash: argsHash(action.name, args),
    preview,
    status: 'pending',
    createdAtMs: now,
    expiresAtMs: now + APPROVAL_TTL_MS,
  };
}
