import type { Config } from '../../config';
import { AppError } from '../../errors';

// One Cloud Task per scheduled send, named after the send's id: creating the same task twice
// answers ALREADY_EXISTS, which means it is already enqueued — done, not an error.
// https://cloud.google.com/tasks/docs/reference/rest/v2/projects.locations.queues.tasks/create

const ALREADY_EXISTS = 6;
const NOT_FOUND = 5;
export const SCHEDULED_SEND_FUNCTION = 'scheduled-send';

type TasksClient = import('@google-cloud/tasks').CloudTasksClient;

export interface TaskQueue {
  taskName(sendId: string): string;
  /** Enqueues POST {body} to the scheduled-send function at `at`, with an OIDC token. */
  enqueue(sendId: string, body: unknown, at: Date): Promise<void>;
  /** Deletes the task; one already gone (run, or deleted) is fine. */
  remove(taskName: string): Promise<void>;
}

export function cloudTaskQueue(config: Config): TaskQueue {
  let client: Promise<TasksClient> | undefined;
  const lazy = () => {
    client ??= createTasksClient(config);
    return client;
  };
  const queue = () => {
    const q = config.triggers.scheduledSendsQueue;
    if (!q) throw new AppError('internal', 'SCHEDULED_SENDS_QUEUE is not configured.');
    return q;
  };
  return {
    taskName: (sendId) => `${queue()}/tasks/send-${sendId}`,
    enqueue: async (sendId, body, at) => {
      const email = config.triggers.tasksServiceAccount;
      if (!email) throw new AppError('internal', 'TASKS_SERVICE_ACCOUNT_EMAIL (or PUSH_SERVICE_ACCOUNT_EMAIL) is not configured.');
      const url = functionUrl(config);
      const task = {
        name: `${queue()}/tasks/send-${sendId}`,
        scheduleTime: { seconds: Math.floor(at.getTime() / 1000), nanos: (at.getTime() % 1000) * 1e6 },
        httpRequest: {
          url,
          httpMethod: 'POST' as const,
          headers: { 'content-type': 'application/json' },
          body: Buffer.from(JSON.stringify(body)),
          oidcToken: { serviceAccountEmail: email, audience: url },
        },
      };
      await (await lazy()).createTask({ parent: queue(), task }).catch((e: unknown) => {
        if (codeOf(e) !== ALREADY_EXISTS) throw new AppError('upstream_unavailable', 'Cloud Tasks refused the scheduled send.', { cause: e });
      });
    },
    remove: async (taskName) => {
      await (await lazy()).deleteTask({ name: taskName }).catch((e: unknown) => {
        if (codeOf(e) !== NOT_FOUND) throw new AppError('upstream_unavailable', 'Cloud Tasks could not delete the task.', { cause: e });
      });
    },
  };
}

/** The function's URL, which is also the audience its OIDC token must carry (shared/triggers/service-auth.ts). */
function functionUrl(config: Config): string {
  const base = config.triggers.audienceBaseUrl;
  if (!base) throw new AppError('internal', 'PUSH_AUDIENCE_BASE_URL (or PUBLIC_BASE_URL) is not configured.');
  return `${base}/${SCHEDULED_SEND_FUNCTION}`;
}

function codeOf(e: unknown): unknown {
  return (e as { code?: unknown } | undefined)?.code;
}

async function createTasksClient(config: Config): Promise<TasksClient> {
  // Imported lazily: only the functions that schedule or cancel pay for the client. REST
  // transport as in shared/secrets.ts; an explicit universeDomain skips credential discovery.
  const { CloudTasksClient } = await import('@google-cloud/tasks');
  const opts = { projectId: config.projectId, universeDomain: 'googleapis.com', fallback: 'rest' as const };
  const endpoint = config.triggers.cloudTasksEndpoint;
  if (!endpoint) return new CloudTasksClient(opts);
  // A loopback Cloud Tasks (sandbox, tests): plain HTTP and a fixed bearer token.
  const { OAuth2Client } = await import('google-auth-library');
  const authClient = new OAuth2Client();
  authClient.setCredentials({ access_token: 'loopback', expiry_date: Number.MAX_SAFE_INTEGER });
  const [host, port] = endpoint.split(':');
  return new CloudTasksClient({ ...opts, apiEndpoint: host, port: Number(port), protocol: 'http', authClient } as never);
}
