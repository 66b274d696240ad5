import type { Firestore } from '@google-cloud/firestore';
import { functionCatalog } from '../../functions/catalog';
import { loadConfig, type Config } from '../../shared/config';
import { createRuntime, type Runtime } from '../../shared/runtime/runtime';
import { fileURLToPath } from 'node:url';
import { buildConsole } from './console-build';
import { consoleRoutes } from './console-routes';
import { banner } from './dev-banner';
import { realConfigEnv, sandboxConfigEnv, type DevMode } from './dev-env';
import type { DevLifecycle } from './dev-lifecycle';
import { devRoutes, sendJson } from './dev-routes';
import { activateTriggers, prepareTriggers, type ActiveTriggers } from './dev-triggers';
import { startFunctionHost } from './function-host';
import { SANDBOX_UID, startSandbox, type Sandbox, type SandboxSeedInfo } from './sandbox';
import { startOidcIssuer } from '../../sandbox/pubsub/oidc-issuer';

// The heavy half of `npm start` (every function, the SDKs, the fakes), loaded by dev-main.ts while
// the emulator JVM boots: the sandbox (if on), one runtime built from an env object (process.env
// is not edited), seed data, and the host on the chosen port.

export interface ServeInput {
  env: Record<string, string | undefined>;
  life: DevLifecycle;
  mode: DevMode;
  port: number;
  baseUrl: string;
  emulator: { host: string; startedByHost: boolean };
}

/** The users the console offers for dev sign-in: the sandbox's seeded user and one with nothing. */
export const DEV_USERS = [SANDBOX_UID, 'another-user'] as const;

export async function serve({ env, life, mode, port, baseUrl, emulator }: ServeInput): Promise<void> {
  // Built while the rest starts; a broken console must not stop the functions being served.
  const consoleBuild = buildConsole(fileURLToPath(new URL('../..', import.meta.url)));
  consoleBuild.catch(() => undefined);
  // One OIDC issuer signs every service call of the sandbox (Cloud Tasks, Pub/Sub pushes, scheduler):
  // the backend trusts exactly one JWKS.
  const issuer = mode.sandbox ? await life.own('sandbox OIDC issuer', startOidcIssuer(), (i) => i.close()) : undefined;
  const [sandbox, triggers] = mode.sandbox
    ? await Promise.all([
        life.own('sandbox fakes', startSandbox({ publicBaseUrl: baseUrl, projectId: env.GOOGLE_CLOUD_PROJECT, oidc: issuer }), (s) => s.close()),
        prepareTriggers(env, life, { projectId: env.GOOGLE_CLOUD_PROJECT ?? 'demo-seven', baseUrl, issuer }),
      ])
    : [undefined, undefined];
  const sandboxEnv = sandbox && { ...sandbox.env, ...triggers?.env };
  const config = loadConfig(sandboxEnv ? sandboxConfigEnv(env, sandboxEnv, emulator.host) : realConfigEnv(env, emulator.host));
  const runtime = createRuntime({ config });
  await life.own('Firestore client', runtime.stores.db(), (db: Firestore) => db.terminate());
  const seeded = sandbox ? await sandbox.seed(runtime) : undefined;
  // Before the host listens: once it answers, the triggers (watches, due digest, routes) are ready.
  const active: ActiveTriggers | undefined =
    triggers && sandbox && seeded
      ? await activateTriggers(triggers, { runtime, sandbox, uid: SANDBOX_UID, mailbox: seeded.google.email, baseUrl, life, send: sendJson })
      : undefined;

  const functions = functionCatalog();
  const host = await life.own(
    'function host',
    startFunctionHost(() => runtime, {
      port,
      // The HTTP layer marks function responses itself; host pages need the header from here.
      headers: config.sandbox ? { 'X-Sandbox': 'true' } : {},
      extraRoutes: {
        ...consoleRoutes({ build: consoleBuild, devUsers: config.authMode === 'dev' ? DEV_USERS : [], sandbox: config.sandbox }),
        ...devRoutes({
          baseUrl,
          functions,
          firestore: { emulatorHost: emulator.host, startedByHost: emulator.startedByHost, projectId: config.projectId },
          sandbox: sandbox && seeded ? sandboxInfo(sandbox, seeded) : undefined,
          sandboxTriggers: (req, res) => active?.routes(req, res) ?? false,
        }),
      },
    }).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'EADDRINUSE') throw new Error(`Port ${port} is in use; set PORT to another port (PORT=0 picks a free one).`);
      throw e;
    }),
    (h) => h.close(),
  );
  process.stdout.write(
    `${banner({
      baseUrl: host.url,
      functions,
      sandbox: seeded ? { reason: mode.reason, googleAccount: seeded.google.email, xUsername: seeded.x.username } : { off: mode.reason },
      projectId: config.projectId,
      emulator,
    })}\n`,
  );
  warnIfNotLoopback(config, runtime);
}

function sandboxInfo(sandbox: Sandbox, seeded: SandboxSeedInfo) {
  return { uid: SANDBOX_UID, googleAccount: seeded.google.email, xUsername: seeded.x.username, outbox: () => sandbox.outbox() };
}

/** Real mode talks to real upstreams by design; say so, since the sandbox guarantee is gone. */
function warnIfNotLoopback(config: Config, runtime: Runtime): void {
  if (config.sandbox) return;
  runtime.log.warn('sandbox off: provider calls go to the upstreams configured in the environment', {
    google: config.google.apiRootUrl ?? 'googleapis.com',
    x: config.x.apiBaseUrl ?? 'api.x.com',
    cartpilot: config.cartpilot.apiUrl ?? 'unset',
  });
}
