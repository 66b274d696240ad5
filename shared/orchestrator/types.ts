import type { Preview } from '../actions/preview';
import type { Content } from './gemini-schemas';

// The orchestrator's vocabulary, shared by the loop, the stores and the two endpoints.

export type ToolCallStatus = 'ok' | 'error' | 'refused' | 'pending_approval' | 'denied' | 'stopped' | 'not_approved';

/** One tool call as the caller of `chat` sees it. */
export interface ToolCallReport {
  name: string;
  args: Record<string, unknown>;
  status: ToolCallStatus;
  summary: string;
  approval_id?: string;
}

/** What a functionResponse carries: `{output}` on success, `{error:{code,message}}` otherwise. */
export type ToolResponse = { output: unknown } | { error: { code: string; message: string; details?: Record<string, unknown> } };

/** A call of the model's latest turn, while some calls of that turn await a human decision. */
export interface OpenCall {
  index: number;
  name: string;
  /** Gemini's functionCall.id, echoed in the functionResponse when present. */
  callId?: string;
  response?: ToolResponse;
  approvalId?: string;
}

export interface OpenStep {
  calls: OpenCall[];
}

export type StopReason = 'max_steps' | 'max_tool_calls' | 'repeated_call' | 'deadline' | 'token_budget' | 'blocked' | 'empty';

export type OrchestratorEvent =
  | { type: 'text'; delta: string }
  | { type: 'tool_call'; name: string; args: Record<string, unknown> }
  | { type: 'tool_result'; report: ToolCallReport }
  | { type: 'approval'; approval: ApprovalView };

export type EventSink = (event: OrchestratorEvent) => void;

/** A conversation turn to persist: the content sent to/received from Gemini, verbatim. */
export interface NewTurn {
  kind: 'message' | 'model' | 'tool_results' | 'notice';
  content: Content;
  /** True for a model-role turn we wrote (a stop notice), not one Gemini produced. */
  synthetic?: boolean;
}

export type ApprovalStatus = 'pending' | 'executing' | 'executed' | 'failed' | 'denied' | 'expired' | 'superseded';

/** An approval as the app sees it (also the 202 body's `approval`). */
export interface ApprovalView {
  id: string;
  /** 'chat' (the assistant asked in a conversation) or 'mcp' (an MCP client asked; no conversation). */
  source: 'chat' | 'mcp';
  conversation_id: string | null;
  tool: string;
  effect: string;
  status: ApprovalStatus;
  args: Record<string, unknown>;
  args_hash: string;
  preview: Preview;
  created_at: string;
  expires_at: string;
}

export interface ChatResult {
  conversation_id: string;
  reply: string;
  tool_calls: ToolCallReport[];
  pending_approvals: ApprovalView[];
  stopped?: { reason: StopReason };
}
