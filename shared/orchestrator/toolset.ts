import { actions as registry } from '../actions';
import { toFunctionDeclaration, type FunctionDeclaration } from '../actions/declarations';
import type { AnyAction } from '../actions/define-action';
import type { Config } from '../config';
import type { SecretSource } from '../secrets';
import { integrationsStatus } from '../status/integrations-status';
import type { ConnectionsStore } from '../connections/connections-store';
import { modelGate } from '../actions/define-action';

// The tools the model may see for this caller right now: the registry's actions the caller can
// use (provider configured, account connected, scopes granted), minus those only a human may
// trigger. Declaring nothing else keeps the model from planning around tools that would fail.

export interface Toolset {
  declarations: FunctionDeclaration[];
  usable: Map<string, AnyAction>;
  /** Actions in the registry the caller cannot use now, with why (for the model's error result). */
  unavailable: Map<string, string>;
}

const declared = new WeakMap<AnyAction, FunctionDeclaration>();

/** z.toJSONSchema is not free; a declaration never changes within an instance. */
export function declarationOf(action: AnyAction): FunctionDeclaration {
  let d = declared.get(action);
  if (!d) declared.set(action, (d = toFunctionDeclaration(action)));
  return d;
}

export interface ToolsetDeps {
  config: Config;
  secrets: SecretSource;
  connections: ConnectionsStore;
  actions?: readonly AnyAction[];
}

export async function toolsetFor(uid: string, deps: ToolsetDeps): Promise<Toolset> {
  const actions = deps.actions ?? registry;
  const status = await integrationsStatus(uid, deps);
  const reasons = new Map(status.actions.map((a) => [a.name, a.available ? undefined : (a.reason ?? 'unavailable')]));
  const usable = new Map<string, AnyAction>();
  const unavailable = new Map<string, string>();
  for (const action of actions) {
    const reason = reasons.has(action.name) ? reasons.get(action.name) : 'unavailable';
    if (reason) unavailable.set(action.name, reason);
    else usable.set(action.name, action);
  }
  const declarations = [...usable.values()].filter((a) => modelGate(a) !== 'human_only').map(declarationOf);
  return { declarations, usable, unavailable };
}

/** A toolset over fixed actions, all usable (tests, bench). */
export function staticToolset(actions: readonly AnyAction[]): Toolset {
  const usable = new Map(actions.map((a) => [a.name, a]));
  return { declarations: actions.filter((a) => modelGate(a) !== 'human_only').map(declarationOf), usable, unavailable: new Map() };
}
