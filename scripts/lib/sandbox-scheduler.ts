// Cloud Scheduler for `npm start`: the jobs infra/variables.tf declares (same functions, same
// cron schedules), each a POST to the function with an OIDC token of the scheduler account, as
// Cloud Scheduler sends it. `runNow` is the "Force run" button (POST /sandbox/scheduler/<job>).

export interface SchedulerJob {
  /** The job id, as in infra/variables.tf scheduler_jobs. */
  id: string;
  function: string;
  /** Cron, in the forms the jobs use: minute ("M" or "*\/N") and hour ("H" or "*"), UTC. */
  schedule: string;
}

export const SANDBOX_JOBS: readonly SchedulerJob[] = [
  { id: 'digest-dispatch-hourly', function: 'digest-dispatch', schedule: '0 * * * *' },
  { id: 'gmail-watch-renew-daily', function: 'gmail-watch-renew', schedule: '17 3 * * *' },
  { id: 'calendar-channel-renew-daily', function: 'calendar-channel-renew', schedule: '47 3 * * *' },
  { id: 'order-sync-10min', function: 'order-sync', schedule: '*/10 * * * *' },
];

export interface JobRun {
  job: string;
  function: string;
  status: number;
  body: unknown;
  at: string;
}

export interface SandboxScheduler {
  jobs: readonly SchedulerJob[];
  /** Runs a job (by id or function name) now; undefined when no such job exists. */
  runNow(job: string): Promise<JobRun | undefined>;
  /** The last runs, newest last. */
  runs(): JobRun[];
  stop(): void;
}

export interface SchedulerDeps {
  baseUrl: string;
  /** Authorization header for a call to `fn` (the scheduler account's OIDC token). */
  authorization(fn: string): Promise<string>;
  now?: () => number;
  log?: (line: string) => void;
}

/** The next instant after `from` (ms) that `schedule` fires, in UTC. */
export function nextFire(schedule: string, from: number): number {
  const [minute = '', hour = ''] = schedule.trim().split(/\s+/);
  const every = /^\*\/(\d+)$/.exec(minute);
  const fixedMinute = /^\d+$/.test(minute) ? Number(minute) : undefined;
  const fixedHour = /^\d+$/.test(hour) ? Number(hour) : undefined;
  if ((!every && fixedMinute === undefined) || (hour !== '*' && fixedHour === undefined)) throw new Error(`Unsupported schedule "${schedule}".`);
  // Walk whole minutes: at most a day of them, and only when a timer fires.
  let t = Math.floor(from / 60_000) * 60_000 + 60_000;
  for (let i = 0; i <= 24 * 60; i++, t += 60_000) {
    const d = new Date(t);
    const minuteOk = every ? d.getUTCMinutes() % Number(every[1]) === 0 : d.getUTCMinutes() === fixedMinute;
    if (minuteOk && (fixedHour === undefined || d.getUTCHours() === fixedHour)) return t;
  }
  throw new Error(`Schedule "${schedule}" never fires.`);
}

export function startSandboxScheduler(deps: SchedulerDeps, jobs: readonly SchedulerJob[] = SANDBOX_JOBS): SandboxScheduler {
  const now = deps.now ?? Date.now;
  const history: JobRun[] = [];
  const timers = new Map<string, NodeJS.Timeout>();
  let stopped = false;

  const run = async (job: SchedulerJob): Promise<JobRun> => {
    const res = await fetch(`${deps.baseUrl}/${job.function}`, {
      method: 'POST',
      headers: { authorization: await deps.authorization(job.function), 'content-type': 'application/json', 'user-agent': 'Google-Cloud-Scheduler' },
      body: '{}',
    });
    const text = await res.text();
    const entry = { job: job.id, function: job.function, status: res.status, body: parse(text), at: new Date(now()).toISOString() };
    history.push(entry);
    if (history.length > 50) history.shift();
    deps.log?.(`scheduler: ${job.id} → ${res.status}`);
    return entry;
  };

  const arm = (job: SchedulerJob) => {
    if (stopped) return;
    const at = nextFire(job.schedule, now());
    const timer = setTimeout(() => {
      run(job)
        .catch((e: Error) => deps.log?.(`scheduler: ${job.id} failed: ${e.message}`))
        .finally(() => arm(job));
    }, at - now());
    timer.unref();
    timers.set(job.id, timer);
  };
  for (const job of jobs) arm(job);

  return {
    jobs,
    runNow: async (name) => {
      const job = jobs.find((j) => j.id === name || j.function === name);
      return job ? run(job) : undefined;
    },
    runs: () => [...history],
    stop: () => {
      stopped = true;
      for (const t of timers.values()) clearTimeout(t);
    },
  };
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
