import { CATALOG_IDS } from '../../sandbox/cartpilot';
import { startCalendarWatch } from '../../shared/triggers/calendar-watch';
import { BENCH_EMAIL, BENCH_UID, type BenchBackend } from './bench-backend';
import { digestsDelivery, sampleRequest, type SampleRequest } from './sample-requests';

// The state a cold-start sample needs before its request can succeed — an intent to list, a
// quoted checkout to freeze, an approval to approve, an OAuth state, a signed merchant event, a
// calendar channel, a scheduled send's task — made before each spawn (not timed) through the
// app's own functions served in the upstreams process (bench-backend.ts `host`) and the fakes'
// own controls (what a merchant or Google does). Runs in the upstreams process.

type Prepare = (b: BenchBackend) => Promise<SampleRequest>;

interface HostReply {
  status: number;
  location?: string;
  setCookie: string[];
  data: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON of the app's envelope
}

let counter = 0;
const unique = () => `${Date.now().toString(36)}-${(counter += 1)}`;
const ITEMS = [{ product_id: CATALOG_IDS.products.headphonesX1, variant_id: 'var-x1-black', quantity: 1 }];

async function call(b: BenchBackend, path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST'): Promise<HostReply> {
  const res = await fetch(`${b.host.url}/${path}`, {
    method,
    redirect: 'manual',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const data = text.startsWith('{') ? (JSON.parse(text) as { data?: unknown }).data : undefined;
  return { status: res.status, location: res.headers.get('location') ?? undefined, setCookie: res.headers.getSetCookie(), data };
}

/** The app answered a preparation step with a success, else the bench stops with its answer. */
async function ok(b: BenchBackend, path: string, body?: unknown, method?: string): Promise<any> {
  const r = await call(b, path, body, method);
  if (r.status < 200 || r.status >= 300) throw new Error(`preparing: ${path} answered ${r.status} ${JSON.stringify(r.data)}`);
  return r.data;
}

let policySet: Promise<unknown> | undefined;
/** Dozens of purchases a run: a daily cap above them (set once). */
const shoppingPolicy = (b: BenchBackend) =>
  (policySet ??= ok(
    b,
    'spending-policy',
    { max_per_order: { USD: 1_000_000 }, max_per_day: { USD: 100_000_000 }, allowed_currencies: ['USD'], allowed_merchants: null },
    'PUT',
  ));

const intent = async (b: BenchBackend): Promise<string> => (await ok(b, 'create-intent', { query: `wireless headphones ${unique()}` })).intent_id;
const offer = async (b: BenchBackend): Promise<string> => (await ok(b, 'get-intent-offers', { intent_id: await intent(b) })).offers[0].offer_id;
const checkout = async (b: BenchBackend): Promise<string> => (await ok(b, 'create-checkout', { offer_id: await offer(b), items: ITEMS })).checkout_id;
async function quoted(b: BenchBackend): Promise<string> {
  const id = await checkout(b);
  await ok(b, 'quote-checkout', { checkout_id: id, customer_email: BENCH_EMAIL });
  return id;
}
async function awaitingApproval(b: BenchBackend): Promise<{ checkoutId: string; approvalId: string }> {
  await shoppingPolicy(b);
  const checkoutId = await quoted(b);
  return { checkoutId, approvalId: (await ok(b, 'request-approval', { checkout_id: checkoutId })).approval_id };
}
async function approved(b: BenchBackend): Promise<string> {
  const { checkoutId, approvalId } = await awaitingApproval(b);
  await ok(b, 'approve-checkout', { approval_id: approvalId });
  return checkoutId;
}
const bought = async (b: BenchBackend): Promise<string> => (await ok(b, 'confirm-checkout', { checkout_id: await approved(b) })).order_id;

/** A merchant's signed event about an order, as the bench would receive it (raw bytes kept). */
function merchantEvent(b: BenchBackend, orderId: string, type: 'order.shipped' | 'order.delivered'): SampleRequest {
  const raw = JSON.stringify(b.cartpilot.makeOrderEvent(orderId, type));
  const { 'Content-Type': _json, ...signature } = b.cartpilot.signWebhook(b.merchantWebhookSecret, raw);
  return { method: 'POST', rawBody: raw, headers: { 'content-type': 'application/json', ...signature } };
}

async function delivered(b: BenchBackend): Promise<string> {
  const orderId = await bought(b);
  b.cartpilot.advanceOrder(orderId, 'delivered', { tracking_number: `TRK-${unique()}`, carrier: 'DHL' });
  const event = merchantEvent(b, orderId, 'order.delivered');
  const res = await fetch(`${b.host.url}/merchant-webhook`, { method: 'POST', headers: event.headers, body: event.rawBody });
  if (res.status !== 200) throw new Error(`preparing: delivered webhook answered ${res.status} ${await res.text()}`);
  return orderId;
}

const scheduledEmail = async (b: BenchBackend): Promise<string> =>
  (
    await ok(b, 'schedule-email', {
      to: [BENCH_EMAIL],
      subject: `Scheduled ${unique()}`,
      text: 'Cold start probe.',
      send_at: new Date(Date.now() + 86_400_000).toISOString(),
    })
  ).id;

let digestDays = 0;

const PREPARATIONS: Record<string, Prepare> = {
  'get-intent-offers': async (b) => ({ method: 'POST', body: { intent_id: await intent(b) } }),
  'get-offer-details': async (b) => ({ method: 'POST', body: { offer_id: await offer(b) } }),
  'create-checkout': async (b) => ({ method: 'POST', body: { offer_id: await offer(b), items: ITEMS } }),
  'get-checkout': async (b) => ({ method: 'POST', body: { checkout_id: await checkout(b) } }),
  'quote-checkout': async (b) => ({ method: 'POST', body: { checkout_id: await checkout(b), customer_email: BENCH_EMAIL } }),
  'request-approval': async (b) => {
    await shoppingPolicy(b);
    return { method: 'POST', body: { checkout_id: await quoted(b) } };
  },
  'approve-checkout': async (b) => ({ method: 'POST', body: { approval_id: (await awaitingApproval(b)).approvalId } }),
  'confirm-checkout': async (b) => ({ method: 'POST', body: { checkout_id: await approved(b) } }),
  'get-order-status': async (b) => ({ method: 'POST', body: { order_id: await bought(b) } }),
  'cancel-order': async (b) => ({ method: 'POST', body: { order_id: await bought(b), reason: 'ordered the wrong size' } }),
  'request-refund': async (b) => ({ method: 'POST', body: { order_id: await delivered(b), reason: 'arrived damaged' } }),
  'merchant-webhook': async (b) => {
    const orderId = await bought(b);
    b.cartpilot.advanceOrder(orderId, 'shipped', { tracking_number: `TRK-${unique()}`, carrier: 'DHL' });
    return { ...merchantEvent(b, orderId, 'order.shipped'), expect: { duplicate: false, status: 'shipped' } };
  },
  'cancel-scheduled-send': async (b) => ({ method: 'POST', body: { id: await scheduledEmail(b) } }),
  // Cloud Tasks' delivery of a pending send: the function claims it and sends the email.
  'scheduled-send': async (b) => ({ method: 'POST', service: true, body: { uid: BENCH_UID, id: await scheduledEmail(b) }, expect: { outcome: 'sent' } }),
  // A write through the app leaves a settled effect to seal into the user's hash chain.
  'effects-reconcile': async (b) => {
    await ok(b, 'send-email', { to: [BENCH_EMAIL], subject: `Reconcile ${unique()}`, text: 'An effect to seal.' });
    return { method: 'POST', service: true, body: {} };
  },
  // A browser that started the flow (oauth-start's binding cookie) comes back from Google's consent.
  'oauth-callback': async (b) => {
    const start = await call(b, 'oauth-start?provider=google');
    const consent = start.location ? await fetch(start.location, { redirect: 'manual' }) : undefined;
    const back = consent?.headers.get('location');
    if (start.status !== 302 || !back) throw new Error(`preparing oauth-callback: start ${start.status}, consent ${consent?.status}`);
    const url = new URL(back);
    const cookie = start.setCookie.map((c) => c.split(';')[0]).join('; ');
    return { method: 'GET', path: `/google${url.search}`, headers: { cookie }, expect: { connected: 'google' } };
  },
  // Google's notification on the bench user's calendar channel after an event was added.
  'calendar-notify': async (b) => {
    const ctx = b.runtime.contextFor({ uid: BENCH_UID, via: 'service' }, `bench-${unique()}`, new AbortController().signal);
    const opened = await startCalendarWatch(ctx);
    const channel = opened && b.google.push.calendarChannels.get(opened.id);
    if (!channel?.token) throw new Error('preparing calendar-notify: no channel was opened');
    const hour = 3_600_000;
    b.google.seedEvents(BENCH_EMAIL, 'primary', [
      {
        summary: `Added ${unique()}`,
        start: { dateTime: new Date(Date.now() + 30 * hour).toISOString() },
        end: { dateTime: new Date(Date.now() + 31 * hour).toISOString() },
      },
    ]);
    return {
      method: 'POST',
      headers: {
        'x-goog-channel-id': channel.id,
        'x-goog-channel-token': channel.token,
        'x-goog-resource-id': channel.resourceId,
        'x-goog-resource-state': 'exists',
        'x-goog-message-number': String((channel.messageNumber += 1)),
      },
      expect: { outcome: 'synced' },
    };
  },
  // The digest for a new local date each round (one digest per user and date).
  'digest-worker': async (b) => {
    await ok(b, 'digest-settings', { enabled: true, local_hour: 7, time_zone: 'UTC' }, 'PUT');
    const localDate = new Date(Date.UTC(2030, 0, 1) + (digestDays += 1) * 86_400_000).toISOString().slice(0, 10);
    const job = { v: 1, uid: BENCH_UID, localDate, dueAt: `${localDate}T07:00:00.000Z` };
    return digestsDelivery(b.projectId, job);
  },
};

export function preparedFunctions(): string[] {
  return Object.keys(PREPARATIONS);
}

/**
 * Every round starts the bench user's rate-limit minute afresh. Each new instance claims a tenth
 * of a minute's limit for the user (shared/store/throttle.ts), so the eleventh cold start within
 * a minute would be refused 429 whatever the limit; the measured request still runs the claim.
 */
async function freshMinute(b: BenchBackend): Promise<void> {
  const db = await b.runtime.stores.db();
  const docs = await db.collection('users').doc(BENCH_UID).collection('throttle').listDocuments();
  await Promise.all(docs.map((d) => d.delete()));
}

export async function prepareSample(b: BenchBackend, fn: string): Promise<SampleRequest> {
  const prepare = PREPARATIONS[fn];
  const request = prepare ? await prepare(b) : sampleRequest(fn);
  if (!request) throw new Error(`No sample for ${fn}.`);
  await freshMinute(b);
  return request;
}
