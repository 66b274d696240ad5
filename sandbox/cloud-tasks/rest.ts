// Cloud Tasks' REST/JSON surface (v2), as @google-cloud/tasks sends it over its REST transport:
//   POST   /v2/{parent=projects/*/locations/*/queues/*}/tasks     body {task, responseView}
//   DELETE /v2/{name=projects/*/locations/*/queues/*/tasks/*}      → {}
//   GET    /v2/{name=projects/*/locations/*/queues/*/tasks/*}
// proto3 JSON: timestamps RFC 3339, bytes base64, enums by name or (with `$alt=json;enum-encoding=int`,
// what google-gax asks for) by number. Errors are Google's envelope {"error":{"code","message","status"}}.
// A request without `Authorization: Bearer` is refused with 401, as Google does.
import { FakeHttpError, startFakeServer, type FakeRequest, type FakeResponse, type FakeServer, type Route } from '../fake-server';
import { CloudTasksError, type HttpTarget, type StoredTask, type TaskQueues } from './task-queue';

const QUEUE = 'projects/[^/]+/locations/[^/]+/queues/[^/]+';
const STATUS: Record<number, [string, number]> = {
  3: ['INVALID_ARGUMENT', 400],
  5: ['NOT_FOUND', 404],
  6: ['ALREADY_EXISTS', 409],
  16: ['UNAUTHENTICATED', 401],
};
const METHODS = ['HTTP_METHOD_UNSPECIFIED', 'POST', 'GET', 'HEAD', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];

function restError(code: number, message: string): FakeResponse {
  const [status, http] = STATUS[code] ?? ['UNKNOWN', 500];
  return { status: http, body: { error: { code: http, message, status } } };
}

const numericEnums = (req: FakeRequest) => String(req.query.$alt ?? '').includes('enum-encoding=int');

function parseMethod(v: unknown): string {
  const name = typeof v === 'number' ? METHODS[v] : v === undefined ? 'POST' : String(v);
  if (!name || !METHODS.includes(name)) throw new CloudTasksError(3, `Invalid value for httpMethod: ${String(v)}`);
  return name === 'HTTP_METHOD_UNSPECIFIED' ? 'POST' : name;
}

function parseHttp(raw: Record<string, any> | undefined): HttpTarget {
  if (!raw || typeof raw.url !== 'string') throw new CloudTasksError(3, 'Task.http_request.url is required (only HTTP targets are served).');
  const oidc = raw.oidcToken;
  if (oidc && typeof oidc.serviceAccountEmail !== 'string') throw new CloudTasksError(3, 'OidcToken.service_account_email is required.');
  return {
    url: raw.url,
    httpMethod: parseMethod(raw.httpMethod),
    headers: { ...(raw.headers ?? {}) },
    body: Buffer.from(String(raw.body ?? ''), 'base64'),
    oidcToken: oidc ? { serviceAccountEmail: oidc.serviceAccountEmail, audience: oidc.audience || undefined } : undefined,
  };
}

function taskJson(req: FakeRequest, t: StoredTask, full: boolean) {
  const method = numericEnums(req) ? METHODS.indexOf(t.http.httpMethod) : t.http.httpMethod;
  return {
    name: t.name,
    scheduleTime: t.scheduleTime.toISOString(),
    createTime: t.createTime.toISOString(),
    dispatchDeadline: '600s',
    dispatchCount: t.dispatchCount,
    responseCount: t.responseCount,
    view: numericEnums(req) ? (full ? 2 : 1) : full ? 'FULL' : 'BASIC',
    httpRequest: {
      url: t.http.url,
      httpMethod: method,
      headers: t.http.headers,
      // BASIC view leaves the body out (it may hold user data).
      ...(full ? { body: t.http.body.toString('base64') } : {}),
      ...(t.http.oidcToken ? { oidcToken: t.http.oidcToken } : {}),
    },
  };
}

export function startCloudTasksRest(queues: TaskQueues, onCreated: () => void): Promise<FakeServer> {
  const handle =
    (fn: (req: FakeRequest) => unknown) =>
    (req: FakeRequest): FakeResponse => {
      if (!/^Bearer \S+/.test(String(req.headers.authorization ?? ''))) return restError(16, 'Request is missing required authentication credential.');
      try {
        return { status: 200, body: fn(req) };
      } catch (e) {
        if (e instanceof CloudTasksError) return restError(e.code, e.message);
        throw e;
      }
    };
  const body = (req: FakeRequest): Record<string, any> => {
    if (typeof req.json !== 'object' || req.json === null) throw new FakeHttpError(restError(3, 'Invalid JSON payload received.'));
    return req.json as Record<string, any>;
  };
  const full = (v: unknown) => v === 2 || v === 'FULL';
  const routes: Route[] = [
    {
      method: 'POST',
      pattern: new RegExp(`^/v2/(?<parent>${QUEUE})/tasks$`),
      handle: handle((req) => {
        const { task = {}, responseView } = body(req);
        const at = task.scheduleTime === undefined ? undefined : new Date(String(task.scheduleTime));
        const created = queues.create(req.params.parent as string, task.name || undefined, at, parseHttp(task.httpRequest));
        onCreated();
        return taskJson(req, created, full(responseView));
      }),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/v2/(?<name>${QUEUE}/tasks/[^/]+)$`),
      handle: handle((req) => {
        const t = queues.tasks.get(req.params.name as string);
        if (!t) throw new CloudTasksError(5, 'Requested entity was not found.');
        return taskJson(req, t, full(req.query.responseView));
      }),
    },
    {
      method: 'DELETE',
      pattern: new RegExp(`^/v2/(?<name>${QUEUE}/tasks/[^/]+)$`),
      handle: handle((req) => {
        queues.delete(req.params.name as string);
        return {};
      }),
    },
  ];
  return startFakeServer(routes, { name: 'cloud-tasks' });
}
