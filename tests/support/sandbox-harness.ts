import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { sandboxConfigEnv } from '../../scripts/lib/dev-env';
import { startFunctionHost, type FunctionHost } from '../../scripts/lib/function-host';
import { startSandbox, type Sandbox, type SandboxSeedInfo } from '../../scripts/lib/sandbox';
import { loadConfig } from '../../shared/config';
import { createRuntime, type Runtime } from '../../shared/runtime/runtime';

// The offline sandbox exactly as `npm start` wires it (scripts/lib/sandbox.ts: the fakes, the
// seeded dev-user, the sandbox model behind the real @google/genai client), in this process so a
// test can look inside the fakes, on the suite's Firestore emulator under a project of its own.

export interface SandboxHarness {
  url: string;
  sandbox: Sandbox;
  runtime: Runtime;
  seeded: SandboxSeedInfo;
  /** POST /<fn> as dev-user; the parsed JSON body and the status. */
  post(fn: string, body: unknown): Promise<{ status: number; json: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test convenience
  close(): Promise<void>;
}

export async function startSandboxHarness(): Promise<SandboxHarness> {
  const sandbox = await startSandbox({ projectId: `test-sandbox-${randomBytes(4).toString('hex')}` });
  const runtime = createRuntime({ config: loadConfig(sandboxConfigEnv({}, sandbox.env, inject('firestoreEmulatorHost'))), logSink: () => undefined });
  const seeded = await sandbox.seed(runtime);
  const host: FunctionHost = await startFunctionHost(() => runtime, { headers: { 'X-Sandbox': 'true' } });
  return {
    url: host.url,
    sandbox,
    runtime,
    seeded,
    async post(fn, body) {
      const res = await fetch(`${host.url}/${fn}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: res.status, json: await res.json() };
    },
    async close() {
      await host.close();
      await sandbox.close();
      await (await runtime.stores.db()).terminate();
    },
  };
}
