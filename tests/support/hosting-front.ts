import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { buildConsole } from '../../scripts/lib/console-build';
import { consoleHeaders } from '../../scripts/lib/console-headers';

// A stand-in for Firebase Hosting in front of a dev host, on an origin of its own: it serves the
// console files with the console's headers, forwards /api/<name> to the host (as Hosting's
// rewrites do), and hands the console a config that sends chat and approvals straight to the
// host — another origin, so those calls cross it under CORS exactly as in production. Its CSP is
// the dev one with the host's origin added to connect-src, as production's adds Cloud Functions.

export interface HostingFront {
  url: string;
  close(): Promise<void>;
}

/** `port`: chosen beforehand, since the host must know this origin (CONSOLE_URL) when it starts. */
export async function startHostingFront(port: number, hostUrl: string, devUsers: string[]): Promise<HostingFront> {
  const site = await buildConsole(join(import.meta.dirname, '..', '..'));
  const headers = consoleHeaders('dev');
  headers['Content-Security-Policy'] = (headers['Content-Security-Policy'] ?? '').replace("connect-src 'self'", `connect-src 'self' ${hostUrl}`);
  const config = { auth: 'dev', api_base: '/api', direct_api_base: hostUrl, dev_users: devUsers, sandbox: true };
  const target = new URL(hostUrl);
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://front').pathname;
    if (path.startsWith('/api/')) {
      const upstream = request(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: (req.url ?? '').slice('/api'.length),
          headers: { ...req.headers, host: target.host },
        },
        (up) => (res.writeHead(up.statusCode ?? 502, up.headers), up.pipe(res)),
      );
      upstream.on('error', () => (res.writeHead(502), res.end()));
      return void req.pipe(upstream);
    }
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    if (path === '/console-config.json') return void (res.setHeader('Content-Type', 'application/json'), res.end(JSON.stringify(config)));
    const file = site.files.find((f) => f.path === (path === '/' ? '/index.html' : path));
    if (!file) return void ((res.statusCode = 404), res.end());
    res.setHeader('Content-Type', file.type);
    res.end(file.contents);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
