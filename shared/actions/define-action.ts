import type { z } from 'zod';
import type { SecretName } from '../config';
import type { ActionContext, EffectHandle } from '../runtime/context';
import type { Preview, PreviewContext } from './preview';

// An action is defined once; the HTTP function, the Gemini declaration, the OpenAPI operation,
// the deploy manifest entry and the orchestrator's approval policy are all derived from it.

export type Effect = 'read' | 'write' | 'purchase';

/**
 * How the orchestrator treats a model's call:
 * - 'none': it runs at once (reads; and writes that only prepare, see `prepares`),
 * - 'approval': it becomes a pending approval a person must approve first,
 * - 'approve_result': it runs at once, and its result becomes the pending approval (ResultApproval),
 * - 'human_only': never declared to the model; a call to it is refused (money moves only on a
 *   signed-in person's own request).
 */
export type ModelGate = 'none' | 'approval' | 'approve_result' | 'human_only';
export type ProviderId = 'google' | 'youtube' | 'x' | 'cartpilot';

export interface ActionSpec<I extends z.ZodObject, O extends z.ZodType> {
  /** snake_case tool name; the HTTP function is its kebab-case form. */
  name: string;
  description: string;
  input: I;
  output: O;
  provider: ProviderId;
  /** OAuth scopes the caller's connection must have granted (empty for API-key providers). */
  scopes: readonly string[];
  effect: Effect;
  /** Secrets beyond the provider's own (see PROVIDER_SECRETS) this action reads. */
  secrets?: readonly SecretName[];
  memoryMb?: number;
  timeoutSec?: number;
  /**
   * A write that only prepares (a search intent, an open checkout, a merchant quote): it sends
   * nothing to anyone and spends nothing, so the model may run it without asking the person.
   */
  prepares?: true;
  /** Only a person may run it (the orchestrator never declares or executes it). */
  humanOnly?: true;
  /** 201 for actions that create something (an event, a message, a post). */
  successStatus?: 200 | 201;
  /**
   * What a person must see before this call runs, when it needs their approval (without one: the
   * action's name and exact arguments). Built from the validated input, never from the model's words.
   */
  preview?: (input: z.infer<I>, ctx: PreviewContext) => Promise<Preview> | Preview;
  /**
   * A write made exactly once (see shared/effects/run-once.ts): its run derives the provider-side id
   * from ctx.effect, and `find` looks for what an earlier attempt of the same effect left.
   */
  once?: OnceSpec<z.infer<I>, z.infer<O>>;
  /** When the call's result, not the call, is what the person approves (see ResultApproval). */
  approvesResult?: ResultApproval<z.infer<O>>;
  run: (input: z.infer<I>, ctx: ActionContext) => Promise<z.infer<O>>;
}

export interface OnceSpec<I, O> {
  /** The earlier attempt's result if the provider has it, undefined if it certainly has not; throws if it cannot tell. */
  find: (input: I, ctx: ActionContext, effect: EffectHandle) => Promise<O | undefined>;
  /** The provider's id of what was done (event id, message id, post id). */
  providerId: (output: O) => string;
}

/**
 * An action that prepares something a person then approves (request_approval freezes a receipt):
 * it runs at once, its answer is kept back from the model, and the person sees `preview(output)`.
 * Approving runs the `onApprove` steps in order, each with the fields of `binding(output)` its input
 * declares — the stored binding, never anything said later; each step's output is reported under its key.
 */
export interface ResultApproval<O> {
  /** What approving does (e.g. 'purchase': a fresh sign-in is required). */
  effect: Effect;
  preview: (output: O) => Preview;
  binding: (output: O) => Record<string, string>;
  onApprove: () => Readonly<Record<string, AnyAction>>;
  /** What the person is told when a step after the first fails (the first step's refusal is said as is). */
  laterStepFailed: string;
}

export interface Action<I extends z.ZodObject = z.ZodObject, O extends z.ZodType = z.ZodType> extends ActionSpec<I, O> {
  functionName: string;
}

// Every action may reach these; the deploy manifest grants exactly these per function.
export const PROVIDER_SECRETS: Record<ProviderId, readonly SecretName[]> = {
  google: ['token-encryption-key', 'google-oauth-client-secret'],
  youtube: ['youtube-api-key'],
  x: ['token-encryption-key', 'x-client-secret'],
  cartpilot: ['cartpilot-api-key'],
};

const SNAKE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

export function toFunctionName(toolName: string): string {
  return toolName.replace(/_/g, '-');
}

export function defineAction<I extends z.ZodObject, O extends z.ZodType>(spec: ActionSpec<I, O>): Action<I, O> {
  if (!SNAKE.test(spec.name) || spec.name.length > 64) throw new Error(`Action name "${spec.name}" must be snake_case, ≤ 64 chars.`);
  if (spec.description.trim().length < 10) throw new Error(`Action ${spec.name} needs a real description.`);
  if (spec.prepares && spec.effect !== 'write') throw new Error(`Action ${spec.name}: only a write can be marked "prepares".`);
  if (spec.humanOnly && spec.effect !== 'purchase') throw new Error(`Action ${spec.name}: only a purchase can be human-only.`);
  if (spec.approvesResult && spec.effect === 'read') throw new Error(`Action ${spec.name}: a read has nothing to approve.`);
  return { ...spec, functionName: toFunctionName(spec.name) };
}

/** The orchestrator's approval policy, derived from the action's own definition. */
export function modelGate(action: Pick<Action, 'effect' | 'prepares' | 'humanOnly' | 'approvesResult'>): ModelGate {
  if (action.humanOnly) return 'human_only';
  if (action.approvesResult) return 'approve_result';
  if (action.effect === 'read' || action.prepares) return 'none';
  return 'approval';
}

export function actionSecrets(action: Pick<Action, 'provider' | 'secrets'>): SecretName[] {
  return [...new Set([...PROVIDER_SECRETS[action.provider], ...(action.secrets ?? [])])].sort();
}

export type AnyAction = Action<z.ZodObject, z.ZodType>;
