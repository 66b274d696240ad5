import { defineEndpoint } from '../shared/http/endpoint';
import { sendData } from '../shared/http/envelope';
import { header } from '../shared/http/types';
import { verifyServiceCaller } from '../shared/triggers/service-auth';
import { dispatchDueDigests } from '../shared/digests/digest-dispatch';
import { digestsPublisher } from '../shared/digests/publisher';
import { dispatchFirestore } from '../shared/digests/dispatch-firestore';

// Cloud Scheduler, hourly on the hour (infra/variables.tf "digest-dispatch-hourly"): publishes
// one job per due user to the digests topic; digest-worker builds and sends each.

const TIMEOUT_SEC = 540;

export const digestDispatch = defineEndpoint({
  name: 'digest-dispatch',
  description: 'Publishes a digest job for every user whose local digest hour has come (called hourly by Cloud Scheduler).',
  access: 'service',
  methods: ['POST'],
  secrets: [],
  timeoutSec: TIMEOUT_SEC,
  openapi: {
    post: { summary: 'Dispatch due digests (Scheduler, OIDC-authenticated)', responses: { '200': { description: '{published, rescheduled, failed, pages}' } } },
  },
  handle: async (req, res, scope) => {
    const { runtime } = scope;
    await verifyServiceCaller(runtime.config, header(req, 'authorization'), 'digest-dispatch', 'scheduler');
    const publisher = await digestsPublisher(runtime.config);
    // Leave a minute for the last page's publishes and writes.
    const deadlineAt = Date.now() + (TIMEOUT_SEC - 60) * 1000;
    const report = await dispatchDueDigests({
      db: () => dispatchFirestore(runtime.config),
      publisher,
      now: () => runtime.clock.now(),
      log: runtime.log,
      deadlineAt,
    });
    runtime.log.info('digests dispatched', { ...report });
    sendData(res, 200, report);
  },
});
