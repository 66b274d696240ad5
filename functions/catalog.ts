import { actions } from '../shared/actions';
import { actionSecrets, type AnyAction } from '../shared/actions/define-action';
import type { Endpoint } from '../shared/http/endpoint';
import { toHttpFunction } from '../shared/http/to-http-function';
import type { HttpHandler } from '../shared/http/types';
import type { Runtime } from '../shared/runtime/runtime';
import type { SecretName } from '../shared/config';
import { endpoints } from './endpoints';

// Every deployable function, derived from the action registry plus the hand-made endpoints.

export interface FunctionEntry {
  name: string;
  kind: 'action' | 'endpoint';
  description: string;
  access: 'user' | 'public' | 'service';
  trigger: 'http' | 'cloudevent';
  methods: readonly string[];
  secrets: SecretName[];
  memoryMb: number;
  timeoutSec: number;
  /** Serves RFC 9728 metadata (see Endpoint.protectedResource). */
  protectedResource?: true;
  action?: AnyAction;
  endpoint?: Endpoint;
  handler(getRuntime: () => Runtime): HttpHandler;
}

export function functionCatalog(): FunctionEntry[] {
  const fromActions = actions.map<FunctionEntry>((a) => ({
    name: a.functionName,
    kind: 'action',
    description: a.description,
    access: 'user',
    trigger: 'http',
    methods: ['POST'],
    secrets: actionSecrets(a),
    memoryMb: a.memoryMb ?? 256,
    timeoutSec: a.timeoutSec ?? 60,
    action: a,
    handler: (getRuntime) => toHttpFunction(a, getRuntime),
  }));
  const fromEndpoints = endpoints.map<FunctionEntry>((e) => ({
    name: e.name,
    kind: 'endpoint',
    description: e.description,
    access: e.access,
    trigger: e.trigger ?? 'http',
    methods: e.methods,
    secrets: [...e.secrets].sort(),
    memoryMb: e.memoryMb ?? 256,
    timeoutSec: e.timeoutSec ?? 60,
    ...(e.protectedResource ? { protectedResource: e.protectedResource } : {}),
    endpoint: e,
    handler: e.handler,
  }));
  return [...fromActions, ...fromEndpoints];
}
