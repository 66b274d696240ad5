import type { PubSub } from '@google-cloud/pubsub';
import type { CartPilotFake } from '../../sandbox/cartpilot';
import type { GoogleFake } from '../../sandbox/google';

// Makes the sandbox's providers notify the way the real ones do. Google's fake keeps state but
// pushes nothing by itself; this watcher looks at it every second and, like Gmail, publishes
// {emailAddress, historyId} to a watched mailbox's topic when its INBOX history moves on, and,
// like Calendar, POSTs a notification to every live channel of a calendar whose events changed.
// An order shipping is a merchant's signed order.shipped event to merchant-webhook.

export interface ActivityDeps {
  google: GoogleFake;
  cartpilot: CartPilotFake;
  pubsub: PubSub;
  /** The host's base URL (merchant-webhook is reached there). */
  baseUrl: string;
  merchantWebhookSecret: string;
  log?: (line: string) => void;
  intervalMs?: number;
}

export interface SandboxActivity {
  /** One look at the fakes now (the timer does the same every interval). */
  check(): Promise<void>;
  /** Moves the order to shipped and sends the merchant's signed order.shipped event. */
  shipOrder(orderId: string): Promise<{ status: number; body: unknown }>;
  stop(): void;
}

export function startSandboxActivity(deps: ActivityDeps): SandboxActivity {
  const gmailSeen = new Map<string, bigint>();
  const calendarSeen = new Map<string, number>();
  let running: Promise<void> | undefined;
  const check = () => {
    running ??= Promise.all([publishGmailChanges(deps, gmailSeen), notifyCalendarChanges(deps, calendarSeen)])
      .then(() => undefined)
      .catch((e: Error) => deps.log?.(`sandbox notifications: ${e.message}`))
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer = setInterval(() => void check(), deps.intervalMs ?? 1_000);
  timer.unref();
  return { check, shipOrder: (id) => shipOrder(deps, id), stop: () => clearInterval(timer) };
}

/** The latest INBOX history id of a mailbox (Gmail notifies for the watch's labels only). */
function inboxHistoryId(google: GoogleFake, email: string, labels: readonly string[]): bigint {
  let max = 0n;
  for (const m of google.messages(email)) {
    const watched = labels.length === 0 || labels.some((l) => m.labelIds.includes(l));
    if (watched && BigInt(m.historyId) > max) max = BigInt(m.historyId);
  }
  return max;
}

async function publishGmailChanges(deps: ActivityDeps, seen: Map<string, bigint>): Promise<void> {
  for (const watch of deps.google.push.gmailWatches.values()) {
    if (watch.expiration <= Date.now()) continue;
    const current = inboxHistoryId(deps.google, watch.email, watch.labelIds);
    const last = seen.get(watch.email);
    seen.set(watch.email, current);
    // The first look only records where the mailbox is: the watch started from there.
    if (last === undefined || current <= last) continue;
    await deps.pubsub.topic(watch.topicName).publishMessage({ json: { emailAddress: watch.email, historyId: Number(current) } });
    deps.log?.(`gmail: published a notification for ${watch.email} (historyId ${current})`);
  }
}

async function notifyCalendarChanges(deps: ActivityDeps, seen: Map<string, number>): Promise<void> {
  const calendars = new Map<string, { email: string; calendarId: string }>();
  for (const c of deps.google.push.calendarChannels.values()) {
    if (!c.stopped && c.expiration > Date.now()) calendars.set(`${c.email} ${c.calendarId}`, { email: c.email, calendarId: c.calendarId });
  }
  for (const [key, { email, calendarId }] of calendars) {
    const version = Math.max(0, ...deps.google.calendarEvents(email, calendarId).map((e) => e.version));
    const last = seen.get(key);
    seen.set(key, version);
    if (last === undefined || version <= last) continue;
    const results = await deps.google.push.notifyCalendar(email, calendarId, 'exists');
    deps.log?.(`calendar: notified ${results.length} channel(s) of ${email} (${results.map((r) => r.status).join(', ')})`);
  }
}

async function shipOrder(deps: ActivityDeps, orderId: string): Promise<{ status: number; body: unknown }> {
  deps.cartpilot.advanceOrder(orderId, 'shipped');
  const event = deps.cartpilot.makeOrderEvent(orderId, 'order.shipped');
  const raw = JSON.stringify(event);
  const res = await fetch(`${deps.baseUrl}/merchant-webhook`, {
    method: 'POST',
    headers: deps.cartpilot.signWebhook(deps.merchantWebhookSecret, raw),
    body: raw,
  });
  const text = await res.text();
  deps.log?.(`cartpilot: order ${orderId} shipped; merchant-webhook answered ${res.status}`);
  try {
    return { status: res.status, body: JSON.parse(text) };
  } catch {
    return { status: res.status, body: text };
  }
}
