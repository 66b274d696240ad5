import type { ApprovalView, ConversationTranscript, OrchestratorEvent } from '../api/types';

// The chat screen's state: messages, each assistant message with the tools it ran in order.
// Pure functions over plain data, fed by the SSE events of a turn or by a stored transcript.

export interface ToolItem {
  name: string;
  args: Record<string, unknown>;
  status?: string;
  summary?: string;
  approval?: ApprovalView;
}

export type Message =
  | { kind: 'user'; text: string }
  // stepBreak: the model called a tool after some text, so its next text is a new paragraph
  // (each model step's text arrives as deltas of one stream, with no separator of its own).
  | { kind: 'assistant'; text: string; tools: ToolItem[]; streaming?: boolean; stepBreak?: true };

/** Applies one streamed event to the last (assistant) message. */
export function applyEvent(messages: Message[], e: OrchestratorEvent): Message[] {
  const last = messages.at(-1);
  if (last?.kind !== 'assistant') return messages;
  const next: Message = { ...last, tools: [...last.tools] };
  if (e.type === 'text') {
    next.text += (next.stepBreak ? '\n\n' : '') + e.delta;
    delete next.stepBreak;
  } else if (e.type === 'tool_call') {
    next.tools.push({ name: e.name, args: e.args });
    if (next.text) next.stepBreak = true;
  } else if (e.type === 'tool_result') update(next.tools, e.report.name, (t) => ({ ...t, status: e.report.status, summary: e.report.summary }));
  else if (e.type === 'approval') update(next.tools, e.approval.tool, (t) => ({ ...t, approval: e.approval, status: 'pending_approval' }), true);
  return [...messages.slice(0, -1), next];
}

/** The latest tool item of that name still without an outcome (or a new one). */
function update(tools: ToolItem[], name: string, change: (t: ToolItem) => ToolItem, forApproval = false): void {
  for (let i = tools.length - 1; i >= 0; i--) {
    const t = tools[i];
    if (t && t.name === name && (forApproval ? !t.approval : !t.status || t.status === 'pending_approval')) {
      tools[i] = change(t);
      return;
    }
  }
  tools.push(change({ name, args: {} }));
}

/** A stored conversation as messages; its open approvals attach to the calls awaiting them. */
export function fromTranscript(t: ConversationTranscript): Message[] {
  const out: Message[] = [];
  for (const e of t.entries) {
    if (e.role === 'user') out.push({ kind: 'user', text: e.text });
    else if (e.role === 'model') out.push({ kind: 'assistant', text: e.text, tools: e.tool_calls.map((c) => ({ name: c.name, args: c.args })) });
    else {
      const last = out.at(-1);
      if (last?.kind !== 'assistant') continue;
      for (const r of e.results)
        update(last.tools, r.name, (tool) => ({ ...tool, status: r.ok ? 'ok' : (r.error?.code ?? 'error'), summary: r.error?.message }));
    }
  }
  const last = out.at(-1);
  if (last?.kind === 'assistant') for (const a of t.pending_approvals) update(last.tools, a.tool, (tool) => ({ ...tool, approval: a }), true);
  return out;
}
