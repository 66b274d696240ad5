// Cloud Tasks' behaviour, independent of the wire: queues hold named HTTP tasks until their
// scheduleTime. What the published API says, and this keeps:
// - a task name is projects/P/locations/L/queues/Q/tasks/ID, ID of letters, digits, "-" and "_"
//   (≤ 500), in the queue it is created on (INVALID_ARGUMENT otherwise);
// - the queue must exist (NOT_FOUND);
// - a name in use, or used by a task deleted or run recently, is ALREADY_EXISTS ("task
//   de-duplication": a name stays reserved for a while after the task is gone);
// - scheduleTime may be at most 30 days ahead (INVALID_ARGUMENT); absent means now;
// - deleting a task that is not there (run, deleted, never made) is NOT_FOUND.
// https://cloud.google.com/tasks/docs/reference/rest/v2/projects.locations.queues.tasks

export const Code = { INVALID_ARGUMENT: 3, NOT_FOUND: 5, ALREADY_EXISTS: 6 } as const;

export class CloudTasksError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'CloudTasksError';
  }
}

export interface HttpTarget {
  url: string;
  httpMethod: string;
  headers: Record<string, string>;
  body: Buffer;
  oidcToken?: { serviceAccountEmail: string; audience?: string };
}

export interface StoredTask {
  name: string;
  queue: string;
  scheduleTime: Date;
  createTime: Date;
  http: HttpTarget;
  dispatchCount: number;
  responseCount: number;
}

const QUEUE = /^projects\/[^/]+\/locations\/[^/]+\/queues\/[A-Za-z0-9-]{1,100}$/;
const TASK_ID = /^[A-Za-z0-9_-]{1,500}$/;
const MAX_AHEAD_MS = 30 * 24 * 60 * 60 * 1000;
/** How long a gone task's name stays reserved (Cloud Tasks documents "up to 9 days"; ~1 h typical). */
const TOMBSTONE_MS = 60 * 60 * 1000;

export class TaskQueues {
  private readonly queues = new Set<string>();
  readonly tasks = new Map<string, StoredTask>();
  private readonly tombstones = new Map<string, number>();
  private counter = 0;

  constructor(
    queues: readonly string[],
    private readonly now: () => number = Date.now,
  ) {
    for (const q of queues) {
      if (!QUEUE.test(q)) throw new Error(`bad queue name ${q}`);
      this.queues.add(q);
    }
  }

  create(parent: string, name: string | undefined, scheduleTime: Date | undefined, http: HttpTarget): StoredTask {
    if (!this.queues.has(parent))
      throw new CloudTasksError(Code.NOT_FOUND, `Queue does not exist. If you just created the queue, wait at least a minute for the queue to initialize.`);
    const taskName = name ?? `${parent}/tasks/${String(++this.counter).padStart(20, '0')}`;
    const id = taskName.slice(parent.length + '/tasks/'.length);
    if (!taskName.startsWith(`${parent}/tasks/`) || !TASK_ID.test(id))
      throw new CloudTasksError(Code.INVALID_ARGUMENT, `Task name "${taskName}" is not a valid task name in queue ${parent}.`);
    const gone = this.tombstones.get(taskName);
    if (this.tasks.has(taskName) || (gone !== undefined && this.now() - gone < TOMBSTONE_MS))
      throw new CloudTasksError(Code.ALREADY_EXISTS, 'Requested entity already exists');
    const at = scheduleTime ?? new Date(this.now());
    if (Number.isNaN(at.getTime()) || at.getTime() - this.now() > MAX_AHEAD_MS)
      throw new CloudTasksError(Code.INVALID_ARGUMENT, 'The scheduled time must be within 30 days of now.');
    if (!/^https?:\/\//.test(http.url)) throw new CloudTasksError(Code.INVALID_ARGUMENT, 'HttpRequest.url must be an http(s) URL.');
    const task: StoredTask = { name: taskName, queue: parent, scheduleTime: at, createTime: new Date(this.now()), http, dispatchCount: 0, responseCount: 0 };
    this.tasks.set(taskName, task);
    return task;
  }

  delete(name: string): void {
    if (!this.tasks.delete(name)) throw new CloudTasksError(Code.NOT_FOUND, 'Requested entity was not found.');
    this.tombstones.set(name, this.now());
  }

  /** A task that ran to success leaves the queue; its name stays reserved. */
  completed(name: string): void {
    if (this.tasks.delete(name)) this.tombstones.set(name, this.now());
  }

  due(): StoredTask[] {
    const now = this.now();
    return [...this.tasks.values()].filter((t) => t.scheduleTime.getTime() <= now);
  }
}
