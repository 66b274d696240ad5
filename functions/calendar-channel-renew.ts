import { defineEndpoint } from '../shared/http/endpoint';
import { sendData } from '../shared/http/envelope';
import { header } from '../shared/http/types';
import { verifyServiceCaller } from '../shared/triggers/service-auth';
import { renewCalendarChannels } from '../shared/triggers/renewals';

// Cloud Scheduler, daily (infra/variables.tf "calendar-channel-renew-daily"): channels expiring
// within 36 hours are replaced by new ones before they lapse.

const TIMEOUT_SEC = 300;

export const calendarChannelRenew = defineEndpoint({
  name: 'calendar-channel-renew',
  description: 'Replaces Calendar push channels that expire soon (called daily by Cloud Scheduler).',
  access: 'service',
  methods: ['POST'],
  secrets: ['token-encryption-key', 'google-oauth-client-secret'],
  timeoutSec: TIMEOUT_SEC,
  openapi: {
    post: {
      summary: 'Renew expiring Calendar channels (Scheduler, OIDC-authenticated)',
      responses: { '200': { description: '{renewed, reauthRequired, failed}' } },
    },
  },
  handle: async (req, res, scope) => {
    const { runtime, requestId } = scope;
    await verifyServiceCaller(runtime.config, header(req, 'authorization'), 'calendar-channel-renew', 'scheduler');
    const deadlineAt = Date.now() + (TIMEOUT_SEC - 30) * 1000;
    sendData(res, 200, await renewCalendarChannels({ runtime, requestId, signal: scope.signal, deadlineAt }));
  },
});
