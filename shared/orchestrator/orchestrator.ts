import { actions } from '../actions';
import { actionSecrets } from '../actions/define-action';
import type { SecretName } from '../config';
import type { Runtime } from '../runtime/runtime';
import { ConversationStore } from './conversation-store';
import { createGeminiModel } from './gemini-model';
import type { ModelClient } from './model-client';
import { ToolApprovalStore } from './tool-approvals-store';
import { UsageStore } from './usage-store';

// What chat and approvals share per instance: the model client (its SDK and key loaded once)
// and the orchestrator's stores over the runtime's Firestore. Built on first use, per runtime.

export interface Orchestrator {
  runtime: Runtime;
  model: ModelClient;
  conversations: ConversationStore;
  approvals: ToolApprovalStore;
  usage: UsageStore;
}

/** chat and approvals run any action in-process: they need every action's secrets, and Gemini's. */
export const ORCHESTRATOR_SECRETS: readonly SecretName[] = [...new Set<SecretName>(['gemini-api-key', ...actions.flatMap(actionSecrets)])].sort();

const instances = new WeakMap<Runtime, Orchestrator>();

export function orchestratorFor(runtime: Runtime, overrides: { model?: ModelClient } = {}): Orchestrator {
  const existing = instances.get(runtime);
  if (existing && !overrides.model) return existing;
  const now = () => runtime.clock.now();
  const o: Orchestrator = {
    runtime,
    model: overrides.model ?? createGeminiModel({ config: runtime.config, secrets: runtime.secrets, log: runtime.log }),
    conversations: new ConversationStore(runtime.stores.db, now),
    approvals: new ToolApprovalStore(runtime.stores.db, now),
    usage: new UsageStore(runtime.stores.db),
  };
  instances.set(runtime, o);
  return o;
}
