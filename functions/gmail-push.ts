import { defineEndpoint } from '../shared/http/endpoint';
import { sendData } from '../shared/http/envelope';
import { readJsonBody } from '../shared/http/request-limits';
import { header } from '../shared/http/types';
import { verifyServiceCaller } from '../shared/triggers/service-auth';
import { toPubSubMessage } from '../shared/triggers/pubsub-message';
import { handleGmailNotification } from '../shared/triggers/gmail-notification';

// Pub/Sub push endpoint of the gmail-push topic (Gmail publishes there for every watched
// mailbox). 2xx acknowledges the message; anything else makes Pub/Sub redeliver it with backoff,
// and after 10 attempts dead-letter it (infra/pubsub.tf). Malformed messages answer 400 so they
// end in the dead-letter topic where they can be looked at, instead of vanishing.

export const gmailPush = defineEndpoint({
  name: 'gmail-push',
  description: 'Pub/Sub push endpoint for Gmail watch notifications: records new INBOX messages for the daily digest.',
  access: 'service',
  methods: ['POST'],
  secrets: ['token-encryption-key', 'google-oauth-client-secret'],
  timeoutSec: 60,
  openapi: {
    post: {
      summary: 'Gmail notification (Pub/Sub push, OIDC-authenticated)',
      requestBody: {
        content: {
          'application/json': {
            schema: { type: 'object', required: ['message'], properties: { message: { type: 'object' }, subscription: { type: 'string' } } },
          },
        },
      },
      responses: {
        '200': { description: 'Processed (or a duplicate/stale notification acknowledged).' },
        '401': { description: 'No valid OIDC token of the push service account.' },
      },
    },
  },
  handle: async (req, res, scope) => {
    const { runtime, requestId } = scope;
    await verifyServiceCaller(runtime.config, header(req, 'authorization'), 'gmail-push', 'push');
    const message = toPubSubMessage(readJsonBody(req));
    sendData(res, 200, await handleGmailNotification(runtime, message, requestId, scope.signal));
  },
});
