import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConsoleBuild } from './console-build';
import { consoleHeaders } from './console-headers';

// The console on the dev host: GET / (index.html), /console/* (its bundle), and
// /console-config.json (dev sign-in, functions at the root). Every file carries the same strict
// headers Hosting sends in production (console-headers.ts).

type Route = (req: IncomingMessage, res: ServerResponse) => void;

export interface ConsoleRoutesInput {
  /** The build, or why there is none (the host still serves the functions). */
  build: Promise<ConsoleBuild>;
  devUsers: readonly string[];
  sandbox: boolean;
}

export function consoleRoutes(input: ConsoleRoutesInput): Record<string, Route> {
  const page =
    (pathOf: (req: IncomingMessage) => string): Route =>
    (req, res) =>
      void serveFile(input, pathOf(req), res);
  const config = { auth: 'dev', api_base: '', dev_users: input.devUsers, sandbox: input.sandbox };
  return {
    '/': page(() => '/index.html'),
    '/index.html': page(() => '/index.html'),
    '/console': page((req) => new URL(req.url ?? '/', 'http://host').pathname),
    '/console-config.json': (_req, res) => {
      setHeaders(res, 'application/json; charset=utf-8');
      res.end(JSON.stringify(config));
    },
  };
}

async function serveFile(input: ConsoleRoutesInput, path: string, res: ServerResponse): Promise<void> {
  let build: ConsoleBuild;
  try {
    build = await input.build;
  } catch (e) {
    setHeaders(res, 'text/plain; charset=utf-8');
    res.statusCode = 503;
    res.end(`The console failed to build: ${(e as Error).message}`);
    return;
  }
  const file = build.files.find((f) => f.path === path);
  if (!file) {
    setHeaders(res, 'text/plain; charset=utf-8');
    res.statusCode = 404;
    res.end('Not found.');
    return;
  }
  setHeaders(res, file.type);
  res.end(file.contents);
}

function setHeaders(res: ServerResponse, type: string): void {
  for (const [k, v] of Object.entries(consoleHeaders('dev'))) res.setHeader(k, v);
  res.setHeader('Content-Type', type);
  res.setHeader('Cache-Control', 'no-store');
}
