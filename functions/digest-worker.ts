import { defineEndpoint } from '../shared/http/endpoint';
import { sendData } from '../shared/http/envelope';
import { readJsonBody } from '../shared/http/request-limits';
import { header } from '../shared/http/types';
import type { Runtime } from '../shared/runtime/runtime';
import { verifyServiceCaller } from '../shared/triggers/service-auth';
import { messageJson, toPubSubMessage, type PubSubMessage } from '../shared/triggers/pubsub-message';
import { DigestJob } from '../shared/digests/publisher';
import { runDigestJob, type WorkerOutcome } from '../shared/digests/worker';

// Consumes the digests topic. Deployed as a CloudEvent function (Eventarc Pub/Sub trigger,
// infra/functions.tf): Eventarc and Cloud Run IAM authenticate the delivery, so the CloudEvent
// handler checks no token itself. A thrown error answers 500 and Pub/Sub redelivers.
// The HTTP handler is the same consumer for hosts that serve every function over HTTP (the dev
// host, or a push subscription pointed at it): there the request carries no Eventarc
// guarantee, so it demands the push account's OIDC token like gmail-push does.

const TIMEOUT_SEC = 120;

async function consume(
  runtime: Runtime,
  body: unknown,
  eventId: string | undefined,
  requestId: string,
  signal: AbortSignal,
): Promise<WorkerOutcome | 'malformed'> {
  let message: PubSubMessage;
  let job: DigestJob;
  try {
    message = toPubSubMessage(body, eventId);
    job = messageJson(message, DigestJob);
  } catch (e) {
    // Redelivering a malformed job cannot fix it: log and acknowledge.
    runtime.log.error('malformed digest job dropped', { eventId, err: e });
    return 'malformed';
  }
  const outcome = await runDigestJob(runtime, job, requestId, signal);
  runtime.log.info('digest job done', { outcome, localDate: job.localDate, messageId: message.id });
  return outcome;
}

export const digestWorker = defineEndpoint({
  name: 'digest-worker',
  description: 'Builds and sends one daily digest per Pub/Sub job (digests topic), exactly once per user and local date.',
  access: 'service',
  trigger: 'cloudevent',
  methods: ['POST'],
  secrets: ['token-encryption-key', 'google-oauth-client-secret', 'youtube-api-key', 'gemini-api-key'],
  timeoutSec: TIMEOUT_SEC,
  handle: async (req, res, scope) => {
    const { runtime, requestId } = scope;
    await verifyServiceCaller(runtime.config, header(req, 'authorization'), 'digest-worker', 'push');
    const outcome = await consume(runtime, readJsonBody(req), header(req, 'ce-id'), requestId, scope.signal);
    sendData(res, 200, { outcome });
  },
  onEvent: async (event, scope) => {
    await consume(scope.runtime, event.data, event.id, scope.requestId, scope.signal);
  },
});
