import { defineEndpoint } from '../shared/http/endpoint';
import { sendData, sendError } from '../shared/http/envelope';
import { requireMethod } from '../shared/http/request-limits';
import { startRequest } from '../shared/http/request-scope';
import { handleCalendarNotification } from '../shared/triggers/calendar-notification';

// Google Calendar push channel address. Public at the IAM layer (Google sends no identity of its
// own); every request is authenticated by its channel id, channel token and resource id.

export const calendarNotify = defineEndpoint({
  name: 'calendar-notify',
  description: 'Google Calendar push notifications: verifies the channel and syncs the changed calendar incrementally.',
  access: 'public',
  methods: ['POST'],
  secrets: ['token-encryption-key', 'google-oauth-client-secret'],
  timeoutSec: 60,
  openapi: {
    post: {
      summary: 'Calendar channel notification (X-Goog-Channel-ID / -Token / X-Goog-Resource-ID / -State headers)',
      responses: { '200': { description: 'Acknowledged (sync message) or synced.' }, '401': { description: 'Unknown channel, wrong token or resource.' } },
    },
  },
  handler: (getRuntime) => async (req, res) => {
    const scope = startRequest(req, res, getRuntime, 60);
    if (!scope) return;
    const { runtime, requestId } = scope;
    try {
      requireMethod(req, ['POST']);
      sendData(res, 200, await handleCalendarNotification(runtime, req, requestId, scope.signal));
    } catch (e) {
      sendError(res, e, requestId, runtime.log);
    } finally {
      scope.end();
    }
  },
});
