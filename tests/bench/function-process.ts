import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { join } from 'node:path';

// A function bundle running as it does when deployed: functions-framework's own CLI loading
// dist/<name>/index.js, spawned directly with node (npx would not forward signals).

export interface Reply {
  status: number;
  body: string;
}

export interface FunctionProcess {
  child: ChildProcess;
  port: number;
  stderr(): string;
  stop(): Promise<void>;
}

export function spawnFunction(root: string, target: string, sourceDir: string, port: number, env: Record<string, string>): FunctionProcess {
  const main = join(root, 'node_modules/@google-cloud/functions-framework/build/src/main.js');
  const child = spawn(process.execPath, [main, `--target=${target}`, `--source=${sourceDir}`, `--port=${port}`], {
    cwd: root,
    // Only what a function would have: no inherited credentials or proxies from this shell.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    stderr = (stderr + c.toString()).slice(-4000);
  });
  return {
    child,
    port,
    stderr: () => stderr,
    stop: () => stopProcess(child),
  };
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** Where a request goes besides the port, and a body sent as is (a signed body must keep its bytes). */
export interface RequestTarget {
  path?: string;
  rawBody?: string;
}

export function send(
  port: number,
  method: string,
  body: unknown,
  agent?: http.Agent,
  headers: Record<string, string> = {},
  target: RequestTarget = {},
): Promise<Reply> {
  const payload = target.rawBody ?? (body === undefined ? undefined : JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: target.path ?? '/',
        agent: agent ?? false,
        headers: { ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sends until the server accepts the connection (refusals while it boots are retried). */
export async function sendWhenListening(
  proc: FunctionProcess,
  method: string,
  body: unknown,
  deadlineMs: number,
  headers?: Record<string, string>,
  target?: RequestTarget,
): Promise<Reply> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    try {
      return await send(proc.port, method, body, undefined, headers, target);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ECONNREFUSED' && code !== 'ECONNRESET') throw e;
      if (proc.child.exitCode !== null) throw new Error(`function process exited (${proc.child.exitCode}): ${proc.stderr()}`);
      if (Date.now() > until) throw new Error(`function did not listen within ${deadlineMs} ms: ${proc.stderr()}`);
      await sleep(3);
    }
  }
}
