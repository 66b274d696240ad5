import type { SecretName, ThrottleClass } from '../config';
import type { Runtime } from '../runtime/runtime';
import type { HttpHandler } from './types';
import { type CloudEventHandler, type EventWork, toCloudEventHandler } from './cloud-event';
import { serve, type ScopedHandler } from './serve';

// A hand-made function (not an action): status pages, OAuth, webhooks, chat, approvals.
// Described the same way as actions so the deploy manifest and OpenAPI cover it too.

export type Access = 'user' | 'public' | 'service';

export interface OpenApiOperation {
  summary: string;
  /** Replaces the function's description for this operation. */
  description?: string;
  parameters?: unknown[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
}

export interface Endpoint {
  name: string; // kebab-case function name
  description: string;
  /** user: Firebase ID token; public: authenticates its callers itself (signatures, state); service: OIDC from Pub/Sub/Scheduler. */
  access: Access;
  methods: readonly string[];
  secrets: readonly SecretName[];
  memoryMb?: number;
  /**
   * The per-user rate-limit class its verified callers count in (store/throttle.ts). Default for
   * 'user' functions: 'reads' for GET, 'writes' otherwise; public and service functions have none.
   */
  throttle?: ThrottleClass | ((method: string) => ThrottleClass);
  /** Largest request body accepted, checked before the framework reads it (default 1 MiB). */
  maxBodyBytes?: number;
  timeoutSec?: number;
  /**
   * 'console': the console may call it from its own origin on the function's URL (CORS, see
   * console-cors.ts), because a call can outlast Firebase Hosting's 60 s limit.
   */
  cors?: 'console';
  /** 'http' (default) or 'cloudevent' (deployed with an Eventarc Pub/Sub trigger). */
  trigger?: 'http' | 'cloudevent';
  /**
   * It is an OAuth protected resource (RFC 9728) serving its metadata under its own path: Hosting
   * also routes /.well-known/oauth-protected-resource/<its public path> to it.
   */
  protectedResource?: true;
  openapi?: Partial<Record<'get' | 'post' | 'put' | 'patch' | 'delete', OpenApiOperation>>;
  handler(getRuntime: () => Runtime): HttpHandler;
  /** Present exactly when trigger is 'cloudevent': what the deployed bundle registers. */
  cloudEventHandler?: (getRuntime: () => Runtime) => CloudEventHandler;
}

/**
 * What a hand-made function defines: its description and its own work over HTTP (`handle`); a
 * CloudEvent function also defines its work on one event (`onEvent`). The HTTP form still serves it
 * on hosts that serve every function over HTTP (the dev host, a push subscription).
 */
export type EndpointSpec = Omit<Endpoint, 'handler' | 'cloudEventHandler' | 'trigger'> & { handle: ScopedHandler } & (
    | { trigger?: 'http'; onEvent?: never }
    | { trigger: 'cloudevent'; onEvent: EventWork }
  );

export function defineEndpoint(spec: EndpointSpec): Endpoint {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(spec.name)) throw new Error(`Endpoint name "${spec.name}" must be kebab-case.`);
  const { handle, onEvent, ...endpoint } = spec;
  // The method list and timeout the function is deployed with are the ones it enforces.
  const throttle = (method: string): ThrottleClass | undefined =>
    spec.access !== 'user'
      ? undefined
      : typeof spec.throttle === 'function'
        ? spec.throttle(method.toUpperCase())
        : (spec.throttle ?? (method.toUpperCase() === 'GET' ? 'reads' : 'writes'));
  const handler = (getRuntime: () => Runtime) => serve(getRuntime, { methods: spec.methods, timeoutSec: spec.timeoutSec, throttle, cors: spec.cors }, handle);
  if (!onEvent) return { ...endpoint, handler };
  return { ...endpoint, handler, cloudEventHandler: (getRuntime) => toCloudEventHandler(spec.name, onEvent, getRuntime, spec.timeoutSec) };
}
