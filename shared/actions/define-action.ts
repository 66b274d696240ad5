import { z } from 'zod';
import type { SecretName } from '../config';
import type { ActionContext } from '../context';

// An action is defined once; the HTTP function, the Gemini declaration, the OpenAPI operation,
// the deploy manifest entry and the orchestrator's approval policy are all derived from it.

export type Effect = 'read' | 'write' | 'purchase';
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
  /** 201 for actions that create something (an event, a message, a post). */
  successStatus?: 200 | 201;
  run: (input: z.infer<I>, ctx: ActionContext) => Promise<z.infer<O>>;
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
  return { ...spec, functionName: toFunctionName(spec.name) };
}

export function actionSecrets(action: Pick<Action, 'provider' | 'secrets'>): SecretName[] {
  return [...new Set([...PROVIDER_SECRETS[action.provider], ...(action.secrets ?? [])])].sort();
}

export type AnyAction = Action<z.ZodObject, z.ZodType>;
