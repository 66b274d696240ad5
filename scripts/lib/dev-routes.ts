import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FunctionEntry } from '../../functions/catalog';
import type { SandboxOutbox } from './sandbox-outbox';

// Host-level routes of `npm start`: the console (console-routes.ts, at /), the machine-readable
// index of the functions (/functions.json), the OpenAPI document and the sandbox outbox. They
// are the host's own pages, not functions, so they answer plain JSON; their errors still use the
// standard error envelope.

type Route = (req: IncomingMessage, res: ServerResponse) => void;

export interface DevRoutesInput {
  baseUrl: string;
  functions: readonly FunctionEntry[];
  firestore: { emulatorHost?: string; startedByHost: boolean; projectId: string };
  sandbox?: { uid: string; googleAccount: string; xUsername: string; outbox(): SandboxOutbox };
  /** The sandbox's trigger controls (dev-trigger-routes.ts); true when it handled the request. */
  sandboxTriggers?: (req: IncomingMessage, res: ServerResponse) => boolean;
}

export function devRoutes(input: DevRoutesInput): Record<string, Route> {
  const routes: Record<string, Route> = {
    '/functions.json': getOnly((_req, res) => sendJson(res, 200, index(input))),
    '/openapi.json': getOnly((_req, res) => void serveOpenApi(input, res)),
  };
  if (input.sandbox) {
    const sandbox = input.sandbox;
    const pages = getOnly((req, res) => {
      const path = new URL(req.url ?? '/', 'http://host').pathname;
      if (path === '/sandbox/outbox' || path === '/sandbox/outbox/') return sendJson(res, 200, sandbox.outbox());
      sendError(res, 404, 'not_found', 'Sandbox pages: GET /sandbox/outbox.');
    });
    routes['/sandbox'] = (req, res) => {
      if (!input.sandboxTriggers?.(req, res)) pages(req, res);
    };
  }
  return routes;
}

function index(input: DevRoutesInput): Record<string, unknown> {
  const { baseUrl, sandbox } = input;
  return {
    name: 'seven-functions (local host)',
    url: baseUrl,
    console: `${baseUrl}/`,
    openapi: `${baseUrl}/openapi.json`,
    firestore: input.firestore,
    sandbox: sandbox
      ? {
          enabled: true,
          note: 'Every upstream is a loopback fake; nothing leaves this machine. No Authorization header = user dev-user.',
          user: sandbox.uid,
          google: sandbox.googleAccount,
          x: `@${sandbox.xUsername}`,
          outbox: `${baseUrl}/sandbox/outbox`,
        }
      : { enabled: false },
    functions: input.functions.map((f) => ({
      name: f.name,
      url: `${baseUrl}/${f.name}`,
      methods: f.methods,
      access: f.access,
      description: f.description,
    })),
  };
}

let openApiDocument: unknown;

async function serveOpenApi(input: DevRoutesInput, res: ServerResponse): Promise<void> {
  try {
    // Imported on demand: a broken or missing generator must not stop the host serving functions.
    const mod: Record<string, unknown> = await import('../../shared/http/openapi');
    const build = mod.buildOpenApiDocument;
    if (typeof build !== 'function') throw new Error('shared/http/openapi.ts does not export buildOpenApiDocument');
    openApiDocument ??= build(input.functions, { serverUrl: input.baseUrl });
    sendJson(res, 200, openApiDocument);
  } catch (e) {
    sendError(res, 503, 'upstream_unavailable', `The OpenAPI document is not available: ${(e as Error).message}`);
  }
}

function getOnly(route: Route): Route {
  return (req, res) => {
    if (req.method === 'GET' || req.method === 'HEAD') return route(req, res);
    res.setHeader('Allow', 'GET, HEAD');
    sendError(res, 405, 'method_not_allowed', 'Host pages answer GET only.');
  };
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(JSON.stringify(body, null, 2));
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { error: { code, message, requestId: 'host' } });
}
