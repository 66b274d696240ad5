import { defineEndpoint } from '../shared/http/endpoint';
import { sendData } from '../shared/http/envelope';
import { header } from '../shared/http/types';
import { verifyServiceCaller } from '../shared/triggers/service-auth';
import { renewGmailWatches } from '../shared/triggers/renewals';

// Cloud Scheduler, daily (infra/variables.tf "gmail-watch-renew-daily"): Gmail watches lapse
// after 7 days, so every watch is renewed once a day.

const TIMEOUT_SEC = 300;

export const gmailWatchRenew = defineEndpoint({
  name: 'gmail-watch-renew',
  description: 'Renews the Gmail push watches that are due (called daily by Cloud Scheduler).',
  access: 'service',
  methods: ['POST'],
  secrets: ['token-encryption-key', 'google-oauth-client-secret'],
  timeoutSec: TIMEOUT_SEC,
  openapi: {
    post: { summary: 'Renew due Gmail watches (Scheduler, OIDC-authenticated)', responses: { '200': { description: '{renewed, reauthRequired, failed}' } } },
  },
  handle: async (req, res, scope) => {
    const { runtime, requestId } = scope;
    await verifyServiceCaller(runtime.config, header(req, 'authorization'), 'gmail-watch-renew', 'scheduler');
    const deadlineAt = Date.now() + (TIMEOUT_SEC - 30) * 1000;
    sendData(res, 200, await renewGmailWatches({ runtime, requestId, signal: scope.signal, deadlineAt }));
  },
});
