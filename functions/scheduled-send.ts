import { defineEndpoint } from '../shared/http/endpoint';
import { sendData } from '../shared/http/envelope';
import { readJsonBody } from '../shared/http/request-limits';
import { header } from '../shared/http/types';
import { verifyServiceCaller } from '../shared/triggers/service-auth';
import { deliverScheduledSend, parseTaskBody } from '../shared/scheduled/deliver-scheduled-send';

// Cloud Tasks (the scheduled-sends queue, infra/tasks.tf) calls this at each send's time with an
// OIDC token of the tasks account. Every outcome after the claim answers 200, so Cloud Tasks
// never retries a send; only a failure before it (auth, Firestore down) answers an error.

export const scheduledSend = defineEndpoint({
  name: 'scheduled-send',
  description: 'Sends one scheduled email or post when its Cloud Task fires, exactly once even if the task is delivered twice.',
  access: 'service',
  methods: ['POST'],
  secrets: ['token-encryption-key', 'google-oauth-client-secret', 'x-client-secret'],
  timeoutSec: 60,
  openapi: {
    post: {
      summary: 'Deliver one scheduled send (Cloud Tasks, OIDC-authenticated)',
      responses: { '200': { description: '{outcome: sent | failed | outcome_unknown | cancelled | already_handled | unknown_send}' } },
    },
  },
  handle: async (req, res, scope) => {
    const { runtime, requestId } = scope;
    await verifyServiceCaller(runtime.config, header(req, 'authorization'), 'scheduled-send', 'tasks');
    const task = parseTaskBody(readJsonBody(req));
    sendData(res, 200, { outcome: await deliverScheduledSend(runtime, task, requestId, scope.signal) });
  },
});
