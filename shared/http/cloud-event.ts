import { randomUUID } from 'node:crypto';
import { AppError } from '../errors';
import type { Runtime } from '../runtime/runtime';
import { armDeadline } from './deadline';

// A function deployed with an Eventarc trigger (Pub/Sub) receives CloudEvents, not HTTP requests:
// Eventarc and Cloud Run IAM have authenticated the delivery. Its work gets the same runtime and
// the same deadline an HTTP function gets. A thrown error answers 500, so Pub/Sub redelivers.

export interface CloudEventInput {
  id: string;
  data: unknown;
}

export interface EventScope {
  runtime: Runtime;
  /** The event id (Eventarc sets it to the Pub/Sub message id), also the log's request id. */
  requestId: string;
  signal: AbortSignal;
}

export type EventWork = (event: CloudEventInput, scope: EventScope) => Promise<void>;
export type CloudEventHandler = (event: { id?: string; data?: unknown }) => Promise<void>;

export function toCloudEventHandler(name: string, work: EventWork, getRuntime: () => Runtime, timeoutSec?: number): CloudEventHandler {
  return async (event) => {
    const runtime = getRuntime();
    const requestId = event.id || randomUUID();
    const deadline = armDeadline(timeoutSec);
    try {
      await work({ id: event.id ?? '', data: event.data }, { runtime, requestId, signal: deadline.signal });
    } catch (e) {
      const expected = e instanceof AppError && e.retryable;
      runtime.log[expected ? 'warn' : 'error'](`${name}: event not finished; Pub/Sub will redeliver`, { eventId: event.id, err: e });
      throw e;
    } finally {
      deadline.end();
    }
  };
}
