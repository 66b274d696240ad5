import { actions } from '../actions';
import { actionSecrets } from '../actions/define-action';
import type { SecretName } from '../config';
import type { Runtime } from '../runtime/runtime';
import { ConversationStore } from './conversation-store';
import { createGeminiModel } from './gemini-model';
import type { ModelClient } from './model-client';
import { ToolApprovalStore } from './tool-approvals-store';
import { TurnSlotStore } from './turn-slots-store';
import { UsageStore } from '../gemini/usage-store';

// What chat and approvals share per instance: the model client (its SDK and key loaded once)
// and the orchestrator's stores over the runtime's Firestore. Built on first use, per instance.

export interface Orchestrator {
  runtime: Runtime;
  model: ModelClient;
  conversations: ConversationStore;
  approvals: ToolApprovalStore;
  usage: UsageStore;
  turnSlots: TurnSlotStore;
}

/** chat and approvals run any action in-process: they need every action's secrets, and Gemini's. */
export const ORCHESTRATOR_SECRETS: readonly SecretName[] = [...new Set<SecretName>(['gemini-api-key', ...actions.flatMap(actionSecrets)])].sort();

// Keyed by the instance's stores: each request sees its own copy of the runtime (its logger bound
// to the request id, shared/http/request-scope.ts), but the stores, secrets and clients are the
// instance's, so the model client and the stores are built once per instance, not per request.
const instances = new WeakMap<Runtime['stores'], Omit<Orchestrator, 'runtime'>>();

export function orchestratorFor(runtime: Runtime, overrides: { model?: ModelClient } = {}): Orchestrator {
  const existing = instances.get(runtime.stores);
  if (existing && !overrides.model) return { ...existing, runtime };
  const now = () => runtime.clock.now();
  const shared = {
    model: overrides.model ?? createGeminiModel({ config: runtime.config, secrets: runtime.secrets, log: runtime.log, googleAuth: runtime.googleAuth }),
    conversations: new ConversationStore(runtime.stores.db, now),
    approvals: new ToolApprovalStore(runtime.stores.db, now),
    usage: new UsageStore(runtime.stores.db),
    turnSlots: new TurnSlotStore(runtime.stores.db, now),
  };
  instances.set(runtime.stores, shared);
  return { ...shared, runtime };
}
