// A loopback Cloud Tasks: its v2 REST API (rest.ts) over named, scheduled HTTP tasks
// (task-queue.ts), delivered when due with OIDC tokens (dispatcher.ts).
import type { FakeServer } from '../fake-server';
import { type Delivery, Dispatcher, type DispatcherOptions } from './dispatcher';
import { startCloudTasksRest } from './rest';
import { type StoredTask, TaskQueues } from './task-queue';

export type { Delivery } from './dispatcher';

export interface CloudTasksFake {
  server: FakeServer;
  /** host:port, for CLOUD_TASKS_ENDPOINT. */
  endpoint: string;
  tasks(): StoredTask[];
  deliveries: Delivery[];
  /** The next n deliveries arrive twice, concurrently (at-least-once delivery). */
  duplicateNext(n: number): void;
  close(): Promise<void>;
}

export interface CloudTasksFakeOptions extends DispatcherOptions {
  queues: readonly string[];
}

export async function startCloudTasksFake(opts: CloudTasksFakeOptions): Promise<CloudTasksFake> {
  const queues = new TaskQueues(opts.queues);
  const dispatcher = new Dispatcher(queues, opts);
  const server = await startCloudTasksRest(queues, () => dispatcher.tick());
  dispatcher.start();
  return {
    server,
    endpoint: `127.0.0.1:${server.port}`,
    tasks: () => [...queues.tasks.values()],
    deliveries: dispatcher.deliveries,
    duplicateNext: (n) => dispatcher.duplicate(n),
    close: async () => {
      dispatcher.stop();
      await server.close();
    },
  };
}
