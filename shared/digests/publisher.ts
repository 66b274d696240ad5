import type { PubSub, Topic } from '@google-cloud/pubsub';
import { z } from 'zod';
import type { Config } from '../config';
import { missingConfig } from '../errors';

// The digests topic: one message per user and local date, consumed by digest-worker. The client
// batches publishes itself (up to BATCH messages or BATCH_WAIT_MS per request), so publishing a
// page of users is a handful of requests. One client per instance, created on first use.

export const DigestJob = z.object({ v: z.literal(1), uid: z.string().min(1).max(128), localDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), dueAt: z.string() });
export type DigestJob = z.infer<typeof DigestJob>;

export interface JobPublisher {
  /** Publishes every job; resolves per job with whether Pub/Sub accepted it. */
  publish(jobs: readonly DigestJob[]): Promise<boolean[]>;
  close(): Promise<void>;
}

const BATCH = 500;
const BATCH_WAIT_MS = 20;

export interface PubSubOptions {
  projectId: string;
  topic: string;
  /** "host:port" of the Pub/Sub emulator. */
  emulatorHost?: string;
}

export async function createPubSubPublisher(opts: PubSubOptions): Promise<JobPublisher> {
  const { PubSub } = await import('@google-cloud/pubsub');
  const client: PubSub = opts.emulatorHost
    ? new PubSub({ projectId: opts.projectId, apiEndpoint: opts.emulatorHost, emulatorMode: true })
    : new PubSub({ projectId: opts.projectId });
  const topic: Topic = client.topic(opts.topic, { batching: { maxMessages: BATCH, maxMilliseconds: BATCH_WAIT_MS } });
  return {
    async publish(jobs) {
      const results = await Promise.allSettled(jobs.map((job) => topic.publishMessage({ json: job, attributes: { uid: job.uid, localDate: job.localDate } })));
      return results.map((r) => r.status === 'fulfilled');
    },
    close: () => client.close(),
  };
}

const instances = new WeakMap<Config, Promise<JobPublisher>>();

/** The instance's publisher to the configured DIGESTS_TOPIC. */
export function digestsPublisher(config: Config): Promise<JobPublisher> {
  const topic = config.triggers.digestsTopic;
  if (!topic) return Promise.reject(missingConfig('DIGESTS_TOPIC', 'the Pub/Sub topic digest jobs are published to.'));
  let p = instances.get(config);
  if (!p) {
    p = createPubSubPublisher({ projectId: config.projectId, topic, emulatorHost: config.triggers.pubsubEmulatorHost });
    instances.set(config, p);
  }
  return p;
}
