import { PubSub, type Topic } from '@google-cloud/pubsub';
import { startPubSubEmulator, type RunningPubSubEmulator } from '../../scripts/lib/pubsub-emulator';

// The official Pub/Sub emulator for one test file, and a client for it. Each file starts its own
// (about 4 s): the push tests need their subscriptions to themselves.

export interface TestPubSub {
  host: string;
  client: PubSub;
  /** Creates the topic and a push subscription to `endpoint`. */
  pushTopic(topicName: string, endpoint: string, opts?: { ackDeadlineSeconds?: number }): Promise<Topic>;
  close(): Promise<void>;
}

export async function startTestPubSub(projectId: string): Promise<TestPubSub> {
  const emulator: RunningPubSubEmulator = await startPubSubEmulator();
  const client = new PubSub({ projectId, apiEndpoint: emulator.host, emulatorMode: true });
  return {
    host: emulator.host,
    client,
    async pushTopic(topicName, endpoint, o = {}) {
      const [topic] = await client.createTopic(topicName);
      // Fast retries so a redelivery happens within the test (production: 10 s–600 s backoff).
      await topic.createSubscription(`${topicName}-push`, {
        pushConfig: { pushEndpoint: endpoint },
        ackDeadlineSeconds: o.ackDeadlineSeconds ?? 20,
        retryPolicy: { minimumBackoff: { seconds: 1 }, maximumBackoff: { seconds: 2 } },
      });
      return topic;
    },
    async close() {
      await client.close();
      await emulator.stop();
    },
  };
}

/** Polls `check` until it returns true (or throws after `timeoutMs`). */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 20_000, what = 'condition'): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
