import { defineEndpoint } from '../shared/http/endpoint';
import { sendData } from '../shared/http/envelope';
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
  handle: async (req, res, scope) => {
    const { runtime, requestId } = scope;
    sendData(res, 200, await handleCalendarNotification(runtime, req, requestId, scope.signal));
  },
});
