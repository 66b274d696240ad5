// Delivers due tasks the way Cloud Tasks does: an HTTP request to the task's URL with its method,
// headers and body, the X-CloudTasks-* headers, and — for a task with an oidcToken — a Google-signed
// OIDC token of that service account for its audience (default: the URL). A 2xx completes the task;
// anything else is retried with exponential backoff. Delivery is at least once: `duplicate(n)`
// makes the next n deliveries arrive twice at the same time, as Cloud Tasks may.
// https://cloud.google.com/tasks/docs/creating-http-target-tasks
import type { StoredTask, TaskQueues } from './task-queue';

export interface Delivery {
  task: string;
  status: number;
  body: string;
  at: number;
}

export interface DispatcherOptions {
  /** Mints the OIDC token a task's oidcToken asks for. */
  oidcToken(serviceAccountEmail: string, audience: string): Promise<string>;
  /** Where a task URL is served on this machine (the public function URL → its loopback host). */
  resolve(url: string): string;
  tickMs?: number;
}

const MIN_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 10_000;

export class Dispatcher {
  readonly deliveries: Delivery[] = [];
  private readonly busy = new Set<string>();
  private readonly retryAt = new Map<string, number>();
  private duplicates = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly queues: TaskQueues,
    private readonly opts: DispatcherOptions,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.tick(), this.opts.tickMs ?? 50);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  duplicate(n: number): void {
    this.duplicates += n;
  }

  tick(): void {
    for (const task of this.queues.due()) {
      if (this.busy.has(task.name) || (this.retryAt.get(task.name) ?? 0) > Date.now()) continue;
      this.busy.add(task.name);
      const copies = this.duplicates > 0 ? 2 : 1;
      if (copies === 2) this.duplicates -= 1;
      void Promise.all(Array.from({ length: copies }, () => this.attempt(task))).then((ok) => this.settle(task, ok.some(Boolean)));
    }
  }

  private settle(task: StoredTask, ok: boolean): void {
    this.busy.delete(task.name);
    if (ok) {
      this.retryAt.delete(task.name);
      this.queues.completed(task.name);
      return;
    }
    const backoff = Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS * 2 ** Math.max(0, task.dispatchCount - 1));
    this.retryAt.set(task.name, Date.now() + backoff);
  }

  private async attempt(task: StoredTask): Promise<boolean> {
    const retries = task.dispatchCount;
    task.dispatchCount += 1;
    const headers: Record<string, string> = {
      ...task.http.headers,
      'user-agent': 'Google-Cloud-Tasks',
      'x-cloudtasks-queuename': task.queue.split('/').pop() ?? '',
      'x-cloudtasks-taskname': task.name.split('/').pop() ?? '',
      'x-cloudtasks-taskretrycount': String(retries),
      'x-cloudtasks-taskexecutioncount': String(task.responseCount),
      'x-cloudtasks-tasketa': (task.scheduleTime.getTime() / 1000).toFixed(6),
    };
    const oidc = task.http.oidcToken;
    if (oidc) headers.authorization = `Bearer ${await this.opts.oidcToken(oidc.serviceAccountEmail, oidc.audience ?? task.http.url)}`;
    const target = this.opts.resolve(task.http.url);
    if (!/^http:\/\/127\.\d+\.\d+\.\d+(:\d+)?\//.test(target)) throw new Error(`refusing to deliver outside loopback: ${target}`);
    try {
      const hasBody = !['GET', 'HEAD', 'DELETE', 'OPTIONS'].includes(task.http.httpMethod);
      const res = await fetch(target, { method: task.http.httpMethod, headers, body: hasBody ? new Uint8Array(task.http.body) : undefined });
      task.responseCount += 1;
      this.deliveries.push({ task: task.name, status: res.status, body: await res.text(), at: Date.now() });
      return res.ok;
    } catch (e) {
      this.deliveries.push({ task: task.name, status: 0, body: String(e), at: Date.now() });
      return false;
    }
  }
}
