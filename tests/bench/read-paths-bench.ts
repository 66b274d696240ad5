import { pathToFileURL } from 'node:url';
import { listCalendarEvents } from '../../shared/actions/calendar/list-calendar-events';
import { CalendarEventsCache } from '../../shared/actions/calendar/events-cache';
import { listRecentEmails, METADATA_CONCURRENCY } from '../../shared/actions/gmail/list-recent-emails';
import { getMessageMeta } from '../../shared/providers/google/gmail-message-meta';
import { BENCH_EMAIL, BENCH_UID, startBenchBackend, type BenchBackend } from './bench-backend';
import { median, ms, percentile, table } from './stats';

// Two read paths against the Google fake with a fixed upstream latency (Google's own answer takes
// tens of milliseconds; on loopback it would take one):
//  1. list_calendar_events with the 5-minute cache: a session of reads that repeat a few queries,
//     with a push notification every CHANGE_EVERY reads; hit rate, and latency of hits, misses and
//     the uncached path (max_age_seconds 0);
//  2. list_recent_emails fetching 50 messages' metadata: METADATA_CONCURRENCY at a time (now)
//     against all at once (before): wall time and the most requests Gmail saw in flight.
// Run alone: `npx tsx tests/bench/read-paths-bench.ts`; from run-bench.ts: runReadPathsBench().

const UPSTREAM_LATENCY_MS = 40;
const READS = 120;
const CHANGE_EVERY = 30;
const QUERIES = [{ days_ahead: 7 }, { days_ahead: 1 }, { days_ahead: 7, max_results: 25 }];
const MESSAGES = 50;
const ROUNDS = 5;

export async function runReadPathsBench(opts: { emulatorHost?: string } = {}): Promise<void> {
  const b = await startBenchBackend(opts);
  try {
    b.google.setLatency(UPSTREAM_LATENCY_MS);
    await benchCalendarCache(b);
    await benchMailMetadata(b);
  } finally {
    await b.close();
  }
}

const ctxOf = (b: BenchBackend) => b.runtime.contextFor({ uid: BENCH_UID, via: 'dev' }, 'bench', new AbortController().signal);

async function timed<T>(op: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const out = await op();
  return [out, performance.now() - started];
}

async function benchCalendarCache(b: BenchBackend): Promise<void> {
  const cache = new CalendarEventsCache(b.runtime.stores.db, () => Date.now());
  const hits: number[] = [];
  const misses: number[] = [];
  for (let i = 0; i < READS; i++) {
    if (i > 0 && i % CHANGE_EVERY === 0) await cache.invalidate({ uid: BENCH_UID, account: BENCH_EMAIL, calendarId: 'primary' });
    const input = listCalendarEvents.input.parse(QUERIES[i % QUERIES.length]);
    const [out, took] = await timed(() => listCalendarEvents.run(input, ctxOf(b)));
    (out.cache.hit ? hits : misses).push(took);
  }
  const uncached: number[] = [];
  for (let i = 0; i < 20; i++) {
    const input = listCalendarEvents.input.parse({ days_ahead: 7, max_age_seconds: 0 });
    uncached.push((await timed(() => listCalendarEvents.run(input, ctxOf(b))))[1]);
  }
  console.log(
    `\nCalendar read cache: ${READS} reads over ${QUERIES.length} queries, a push notification every ${CHANGE_EVERY}; Google answers in ${UPSTREAM_LATENCY_MS} ms`,
  );
  console.log(`hit rate ${((100 * hits.length) / READS).toFixed(1)}% (${hits.length} hits, ${misses.length} misses)`);
  const row = (label: string, s: number[]) => [label, String(s.length), ms(median(s)), ms(percentile(s, 95))];
  console.log(
    table(['path', 'n', 'p50', 'p95'], [row('hit', hits), row('miss (lookup + Google + store)', misses), row('max_age_seconds 0 (Google only)', uncached)]),
  );
}

async function benchMailMetadata(b: BenchBackend): Promise<void> {
  b.google.seedMessages(
    BENCH_EMAIL,
    Array.from({ length: MESSAGES }, (_, i) => ({ from: 'ana@example.com', to: BENCH_EMAIL, subject: `Bench batch ${i}`, body: 'x' })),
  );
  const input = listRecentEmails.input.parse({ max_results: MESSAGES });
  const bounded: number[] = [];
  const allAtOnce: number[] = [];
  let peakBounded = 0;
  let peakAll = 0;
  for (let r = 0; r < ROUNDS; r++) {
    b.google.resetRecords();
    bounded.push((await timed(() => listRecentEmails.run(input, ctxOf(b))))[1]);
    peakBounded = Math.max(peakBounded, peakInFlight(b));
    b.google.resetRecords();
    allAtOnce.push((await timed(() => listAllAtOnce(b)))[1]);
    peakAll = Math.max(peakAll, peakInFlight(b));
  }
  console.log(
    `\nlist_recent_emails, ${MESSAGES} messages (1 list + ${MESSAGES} metadata gets), Gmail answers in ${UPSTREAM_LATENCY_MS} ms; median of ${ROUNDS}`,
  );
  console.log(
    table(
      ['metadata fetch', 'wall', 'most in flight at Gmail'],
      [
        [`at most ${METADATA_CONCURRENCY} at a time (now)`, ms(median(bounded)), String(peakBounded)],
        ['all at once (before)', ms(median(allAtOnce)), String(peakAll)],
      ],
    ),
  );
}

/** The previous implementation's fan-out: every metadata get started together. */
async function listAllAtOnce(b: BenchBackend): Promise<number> {
  const ctx = ctxOf(b);
  const session = await ctx.clients.google(listRecentEmails.scopes, undefined, { readOnly: true });
  const { gmail } = await import('@googleapis/gmail');
  const api = gmail({ version: 'v1', auth: session.auth, ...session.apiOptions });
  const list = await api.users.messages.list({ userId: 'me', labelIds: ['INBOX'], maxResults: MESSAGES });
  const ids = (list.data.messages ?? []).map((m) => m.id ?? '');
  return (await Promise.all(ids.map((id) => getMessageMeta(api, id, ['From', 'Subject', 'Date'], ctx.signal)))).length;
}

/** Requests that arrived while another was still waiting out the fixed latency. */
function peakInFlight(b: BenchBackend): number {
  const gets = b.google.requests.filter((r) => r.method === 'GET' && /\/messages\/[^/]+$/.test(r.path));
  return Math.max(0, ...gets.map((g) => gets.filter((o) => o.at <= g.at && g.at < o.at + UPSTREAM_LATENCY_MS).length));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.env.METADATA_SERVER_DETECTION = 'none';
  await runReadPathsBench({ emulatorHost: process.env.FIRESTORE_EMULATOR_HOST });
}
