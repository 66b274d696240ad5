import { PubSub } from '@google-cloud/pubsub';
import { startOidcIssuer, type OidcIssuer } from '../../sandbox/pubsub/oidc-issuer';
import { startOidcRelay, type OidcRelay } from '../../sandbox/pubsub/oidc-relay';
import { findPubSubEmulatorJar, startPubSubEmulator, type RunningPubSubEmulator } from './pubsub-emulator';

// What the triggers need under `npm start`, shaped like production: the official Pub/Sub emulator
// with the gmail-push and digests topics, each pushed to its function through a relay that
// attaches a Google-style OIDC token (the emulator attaches none), signed by the loopback issuer
// the sandbox configuration trusts. The functions verify those tokens on their production path
// (shared/triggers/service-auth.ts); the scheduler (sandbox-scheduler.ts) calls with the same
// issuer's tokens for its own account.

export interface TriggerAccounts {
  push: string;
  scheduler: string;
}

export interface SandboxTriggers {
  /** Config env: the OIDC issuer, accounts, audience base, topics and the emulator host. */
  env: Record<string, string>;
  accounts: TriggerAccounts;
  pubsub: PubSub;
  /** Every push delivered so far: the topic, the function's answer and the outcome it reported. */
  pushes(): PushDelivery[];
  /** Authorization header value for a call to `fn` as `email`. */
  authorization(fn: string, email: string): Promise<string>;
  close(): Promise<void>;
}

export interface PushDelivery {
  topic: string;
  function: string;
  status: number;
  body: unknown;
}

/** Why triggers are off, or undefined when the Pub/Sub emulator is installed. */
export function triggersUnavailable(): string | undefined {
  try {
    findPubSubEmulatorJar();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** Starts the emulator and issuer; `wire` then creates the topics once the host's URL is known. */
export async function startSandboxTriggers(opts: { projectId: string; baseUrl: string; issuer?: OidcIssuer }): Promise<SandboxTriggers> {
  const [emulator, issuer] = await Promise.all([startPubSubEmulator(), opts.issuer ?? startOidcIssuer()]);
  const ownIssuer = !opts.issuer;
  const accounts = { push: `pubsub-push@${opts.projectId}.iam.gserviceaccount.com`, scheduler: `scheduler@${opts.projectId}.iam.gserviceaccount.com` };
  const pubsub = new PubSub({ projectId: opts.projectId, apiEndpoint: emulator.host, emulatorMode: true });
  const authorization = async (fn: string, email: string) => `Bearer ${await issuer.idToken({ email, audience: `${opts.baseUrl}/${fn}` })}`;
  const relays: { topic: string; fn: string; relay: OidcRelay }[] = [];
  const closeAll = async () => {
    await Promise.allSettled(relays.map((r) => r.relay.close()));
    await pubsub.close().catch(() => undefined);
    await Promise.allSettled([emulator.stop(), ownIssuer ? issuer.close() : undefined]);
  };
  try {
    for (const [topic, fn] of [
      ['gmail-push', 'gmail-push'],
      ['digests', 'digest-worker'],
    ] as const) {
      const relay = await startOidcRelay({ url: `${opts.baseUrl}/${fn}`, authorization: () => authorization(fn, accounts.push) });
      relays.push({ topic, fn, relay });
      await pushTopic(pubsub, topic, relay.url);
    }
  } catch (e) {
    await closeAll();
    throw e;
  }
  const pushes = () =>
    relays.flatMap(({ topic, fn, relay }) => relay.deliveries.map((d) => ({ topic, function: fn, status: d.status, body: parseBody(d.body) })));
  return { env: triggerEnv(opts, emulator, issuer, accounts), accounts, pubsub, pushes, authorization, close: closeAll };
}

async function pushTopic(pubsub: PubSub, name: string, endpoint: string): Promise<void> {
  const [topic] = await pubsub.createTopic(name);
  // Short backoff so a failed push is retried within seconds locally (production: 10 s–600 s).
  await topic.createSubscription(`${name}-push`, {
    pushConfig: { pushEndpoint: endpoint },
    ackDeadlineSeconds: 60,
    retryPolicy: { minimumBackoff: { seconds: 1 }, maximumBackoff: { seconds: 10 } },
  });
}

function triggerEnv(opts: { projectId: string; baseUrl: string }, emulator: RunningPubSubEmulator, issuer: OidcIssuer, accounts: TriggerAccounts) {
  return {
    GOOGLE_OIDC_JWKS_URL: issuer.jwksUrl,
    PUSH_SERVICE_ACCOUNT_EMAIL: accounts.push,
    SCHEDULER_SERVICE_ACCOUNT_EMAIL: accounts.scheduler,
    PUSH_AUDIENCE_BASE_URL: opts.baseUrl,
    GMAIL_PUSH_TOPIC: `projects/${opts.projectId}/topics/gmail-push`,
    DIGESTS_TOPIC: `projects/${opts.projectId}/topics/digests`,
    PUBSUB_EMULATOR_HOST: emulator.host,
  };
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
