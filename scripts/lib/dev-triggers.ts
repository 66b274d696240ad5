import { DigestSettingsStore } from '../../shared/digests/settings-store';
import { startCalendarWatch } from '../../shared/triggers/calendar-watch';
import { startGmailWatch } from '../../shared/triggers/gmail-watch';
import type { Runtime } from '../../shared/runtime/runtime';
import type { DevLifecycle } from './dev-lifecycle';
import { triggerRoutes } from './dev-trigger-routes';
import type { Sandbox } from './sandbox';
import { startSandboxActivity } from './sandbox-activity';
import { startSandboxScheduler } from './sandbox-scheduler';
import { startSandboxTriggers, triggersUnavailable, type SandboxTriggers } from './sandbox-triggers';
import type { OidcIssuer } from '../../sandbox/pubsub/oidc-issuer';

// The triggers half of `npm start`'s sandbox, in two steps around the runtime: `prepareTriggers`
// (before loadConfig: the Pub/Sub emulator, the OIDC issuer, topics; their env), then
// `activateTriggers` (after seeding: the sandbox user's Gmail watch and Calendar channel, a digest
// due at the next dispatch, the scheduler and the provider notifications, and their routes).
// Off when SANDBOX_TRIGGERS=false or the Pub/Sub emulator is not installed (the host says why).

type Env = Record<string, string | undefined>;
const say = (line: string) => process.stderr.write(`${line}\n`);

export async function prepareTriggers(
  env: Env,
  life: DevLifecycle,
  o: { projectId: string; baseUrl: string; issuer?: OidcIssuer },
): Promise<SandboxTriggers | undefined> {
  const off = /^(false|0)$/i.test(env.SANDBOX_TRIGGERS ?? '') ? 'SANDBOX_TRIGGERS=false' : triggersUnavailable();
  if (off) {
    say(`Sandbox triggers off (${off}): push notifications and the scheduler are not running.`);
    return undefined;
  }
  return life.own('sandbox triggers', startSandboxTriggers(o), (t) => t.close());
}

export interface ActiveTriggers {
  routes: ReturnType<typeof triggerRoutes>;
}

export async function activateTriggers(
  t: SandboxTriggers,
  input: { runtime: Runtime; sandbox: Sandbox; uid: string; mailbox: string; baseUrl: string; life: DevLifecycle; send: Parameters<typeof triggerRoutes>[1] },
): Promise<ActiveTriggers> {
  const { runtime, sandbox, uid, mailbox, baseUrl } = input;
  const ctx = runtime.contextFor({ uid, via: 'dev' }, 'sandbox-setup', new AbortController().signal);
  // What the OAuth callback does after a real consent (the sandbox seeds its connection directly).
  await startGmailWatch(ctx, mailbox);
  await startCalendarWatch(ctx, mailbox);
  await seedDueDigest(runtime, uid);
  const scheduler = startSandboxScheduler({ baseUrl, authorization: (fn) => t.authorization(fn, t.accounts.scheduler), log: say });
  const activity = startSandboxActivity({
    google: sandbox.fakes.google,
    cartpilot: sandbox.fakes.cartpilot,
    pubsub: t.pubsub,
    baseUrl,
    merchantWebhookSecret: sandbox.env.MERCHANT_WEBHOOK_SECRET ?? '',
    log: say,
  });
  await activity.check();
  await input.life.own('sandbox scheduler', Promise.resolve(scheduler), async (s) => s.stop());
  await input.life.own('sandbox notifications', Promise.resolve(activity), async (a) => a.stop());
  return { routes: triggerRoutes({ scheduler, activity, google: sandbox.fakes.google, mailbox, pushes: t.pushes }, input.send) };
}

/**
 * The sandbox user's daily digest, at the current UTC hour and saved as of an hour ago, so it is
 * due at once: the next digest-dispatch run (the hourly tick, or POST
 * /sandbox/scheduler/digest-dispatch) sends it; afterwards it is due the same hour tomorrow.
 */
async function seedDueDigest(runtime: Runtime, uid: string): Promise<void> {
  const anHourAgo = () => new Date(Date.now() - 3_600_000);
  const store = new DigestSettingsStore(runtime.stores.db, anHourAgo);
  if ((await store.get(uid))?.enabled) return;
  await store.put(uid, {
    enabled: true,
    hour: new Date().getUTCHours(),
    timeZone: 'UTC',
    sections: { calendar: true, email: true, orders: true, youtubeSearches: [] },
    deliveryAddress: null,
  });
}
