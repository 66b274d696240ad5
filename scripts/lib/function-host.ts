import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import * as functionsFramework from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { functionCatalog, type FunctionEntry } from '../../functions/catalog';
import { installFrameworkErrorEnvelope } from '../../shared/http/framework-errors';
import type { HttpHandler } from '../../shared/http/types';
import type { Runtime } from '../../shared/runtime/runtime';

// Serves every function on one port at /<function-name>, each through functions-framework's
// own server (same body parsing, same express app) as it runs when deployed. The path prefix
// is stripped, as Cloud Functions does for a function's URL.

export interface FunctionHost {
  server: Server;
  url: string;
  functions: FunctionEntry[];
  close(): Promise<void>;
}

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

export interface HostOptions {
  port?: number;
  headers?: Record<string, string>;
  /** Extra routes served by the host itself (the console at /, /functions.json, /openapi.json, sandbox pages). */
  extraRoutes?: Record<string, (req: IncomingMessage, res: ServerResponse) => void>;
}

let registered = false;
const listeners = new Map<string, Listener>();
let currentRuntime: (() => Runtime) | undefined;

export async function startFunctionHost(getRuntime: () => Runtime, opts: HostOptions = {}): Promise<FunctionHost> {
  currentRuntime = getRuntime;
  const functions = functionCatalog();
  installFrameworkErrorEnvelope(opts.headers ?? {});
  if (!registered) {
    // functions-framework keeps one global registry per process: register once, and let each
    // handler find the runtime of the host currently running (tests start several in turn).
    for (const f of functions) {
      const handler: HttpHandler = (req, res) => f.handler(() => (currentRuntime as () => Runtime)())(req, res);
      functionsFramework.http(f.name, handler as unknown as functionsFramework.HttpFunction);
      listeners.set(f.name, getTestServer(f.name).listeners('request')[0] as Listener);
    }
    registered = true;
  }
  const server = createServer((req, res) => route(req, res, opts));
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    functions,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// RFC 9728 §3.1: the metadata of the resource <host>/<fn> is at /.well-known/oauth-protected-resource/<fn>;
// the function serves it under its own path, as it does when deployed.
const PRM = '/.well-known/oauth-protected-resource';

function route(req: IncomingMessage, res: ServerResponse, opts: HostOptions): void {
  const url = new URL(req.url ?? '/', 'http://host');
  const prmOf = url.pathname.startsWith(`${PRM}/`) ? url.pathname.slice(PRM.length + 1) : undefined;
  if (prmOf && listeners.has(prmOf)) url.pathname = `/${prmOf}${PRM}`;
  const [, first = '', ...rest] = url.pathname.split('/');
  for (const [k, v] of Object.entries(opts.headers ?? {})) res.setHeader(k, v);
  const extra = opts.extraRoutes?.[`/${first}`];
  if (extra) return extra(req, res);
  const listener = listeners.get(first);
  if (!listener) {
    res.statusCode = 404;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.end(JSON.stringify({ error: { code: 'not_found', message: `No function "${first}". GET /functions.json lists them.`, requestId: 'host' } }));
    return;
  }
  req.url = `/${rest.join('/')}${url.search}`;
  listener(req, res);
}
