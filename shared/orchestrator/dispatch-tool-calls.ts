import { modelGate } from '../actions/define-action';
import { actionByName } from '../actions';
import type { ActionContext } from '../runtime/context';
import type { PreviewContext } from '../actions/preview';
import { forbiddenResponse } from './commerce-policy';
import { gateCall } from './gate-call';
import type { FunctionCall } from './gemini-schemas';
import { summarize } from './tool-results';
import type { ToolApproval } from './tool-approvals-store';
import type { Toolset } from './toolset';
import type { EventSink, OpenCall, ToolCallReport, ToolResponse } from './types';

// One model turn's calls. Reads run now, all at once (Promise.all), each answered under its own
// index and id. Anything else becomes a pending approval with the exact arguments and a preview
// (gate-call.ts); nothing that writes, sends, posts or buys runs here. Refusals (forbidden, unknown, unavailable,
// invalid arguments) are answered to the model as errors, without any upstream call.

export interface DispatchDeps {
  toolset: Toolset;
  ctx: ActionContext;
  preview: PreviewContext;
  conversationId: string;
  now: () => number;
  onEvent?: EventSink;
}

export interface Dispatched {
  calls: OpenCall[];
  approvals: ToolApproval[];
  reports: ToolCallReport[];
}

interface Handled {
  call: OpenCall;
  report: ToolCallReport;
  approval?: ToolApproval;
}

export async function dispatch(fcs: FunctionCall[], deps: DispatchDeps): Promise<Dispatched> {
  const handled = await Promise.all(fcs.map((fc, index) => handleCall(fc, index, deps)));
  for (const h of handled) deps.onEvent?.({ type: 'tool_result', report: h.report });
  return {
    calls: handled.map((h) => h.call),
    approvals: handled.flatMap((h) => (h.approval ? [h.approval] : [])),
    reports: handled.map((h) => h.report),
  };
}

/** One call of the turn: where its answer goes (index, id) and what the model asked. */
interface CallSite {
  base: Omit<OpenCall, 'response'>;
  args: Record<string, unknown>;
}

async function handleCall(fc: FunctionCall, index: number, deps: DispatchDeps): Promise<Handled> {
  const site: CallSite = { base: { index, name: fc.name, ...(fc.id ? { callId: fc.id } : {}) }, args: fc.args ?? {} };
  deps.onEvent?.({ type: 'tool_call', name: fc.name, args: site.args });
  const known = actionByName(fc.name);
  if (known && modelGate(known) === 'human_only') return answered(site, forbiddenResponse(fc.name), 'refused');
  const action = deps.toolset.usable.get(fc.name);
  if (!action) return answered(site, unusable(fc.name, deps.toolset), 'refused');
  const gated = await gateCall(action, site.args, { ...deps, source: 'chat' });
  if (gated.kind === 'pending') return pending(gated.approval, site);
  return answered(site, gated.response, 'error' in gated.response ? 'error' : 'ok');
}

function answered(site: CallSite, response: ToolResponse, status: ToolCallReport['status']): Handled {
  return { call: { ...site.base, response }, report: { name: site.base.name, args: site.args, status, summary: summarize(response) } };
}

function pending(approval: ToolApproval, site: CallSite): Handled {
  return {
    call: { ...site.base, approvalId: approval.id },
    approval,
    report: { name: approval.tool, args: approval.args, status: 'pending_approval', summary: approval.preview.title, approval_id: approval.id },
  };
}

function unusable(name: string, toolset: Toolset): ToolResponse {
  const reason = toolset.unavailable.get(name);
  if (reason) return { error: { code: 'not_available', message: `${name} is not available to this user right now (${reason}).`, details: { reason } } };
  return { error: { code: 'unknown_tool', message: `There is no tool named ${name}.` } };
}
