import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FALLBACK_REPLY, SANDBOX_LABEL } from '../../sandbox/gemini';
import { SANDBOX_EMAIL } from '../../scripts/lib/sandbox';
import { weightedLength } from '../../shared/actions/x/tweet-length';
import { startSandboxHarness, type SandboxHarness } from '../support/sandbox-harness';

// The journeys a newcomer tries after `npm start`, through `chat` on the offline sandbox: the
// sandbox model chooses the calls, the real loop runs the reads and holds every write for
// approval. Each journey checks the tools called in order, the pending approval's exact
// content, that nothing was sent, posted, created or bought before approval, and what happens after.

// A journey is several model round trips, tool calls and Firestore commits in a row: on a busy
// machine it outlasts the suite's default 20 s per test.
const JOURNEY_TIMEOUT_MS = 60_000;

let s: SandboxHarness;
beforeAll(async () => {
  s = await startSandboxHarness();
  // The chat instance's cold start (SDK imports, Firestore) is paid here, not in a test's timeout.
  await s.post('chat', { message: 'hello' });
}, 60_000);
afterAll(async () => s?.close());

const chat = (message: string) => s.post('chat', { message });
const decide = (id: string, decision: 'approve' | 'deny') => s.post(`approvals/${id}`, { decision });
const names = (data: { tool_calls: { name: string }[] }) => data.tool_calls.map((c) => c.name);
const outbox = () => s.sandbox.outbox();

/** YYYY-MM-DD of today + days in São Paulo, the sandbox calendar's zone (UTC−3, no DST). */
const saoPauloDate = (days: number) => new Date(Date.now() - 3 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

describe('shopping through chat', () => {
  it(
    'finds the best offer within budget, quotes it and waits for the person to approve the exact receipt',
    async () => {
      const res = await chat('Find me some wireless headphones under 100 dollars');
      expect(res.status).toBe(202);
      const data = res.json.data;
      expect(names(data)).toEqual(['create_intent', 'get_intent_offers', 'create_checkout', 'quote_checkout', 'request_approval']);
      expect(data.tool_calls.at(-1).status).toBe('pending_approval');
      expect(data.tool_calls[2].args).toMatchObject({ items: [{ product_id: 'prod-headphones-x1', variant_id: 'var-x1-black', quantity: 1 }] });
      expect(data.approval).toMatchObject({
        tool: 'request_approval',
        effect: 'purchase',
        status: 'pending',
        preview: {
          kind: 'purchase',
          title: 'Buy 1 × Wireless Headphones X1 (Black) for USD 86.59',
          details: {
            merchant_id: 'merchant-a',
            items: [{ title: 'Wireless Headphones X1 (Black)', quantity: 1, unit_price: 'USD 79.99', line_total: 'USD 79.99' }],
            subtotal: 'USD 79.99',
            tax: 'USD 6.60',
            shipping: 'USD 0.00',
            total: 'USD 86.59',
            total_minor_units: 8659,
            currency: 'USD',
          },
        },
      });
      expect(data.reply.startsWith(SANDBOX_LABEL)).toBe(true);
      expect(data.reply).toContain('Best match within USD 100.00: Wireless Headphones X1 (Black) from Acme Audio, USD 79.99, rated 4.4');
      expect(data.reply.split('Best match')).toHaveLength(2);
      expect(data.reply).toContain('1 × Wireless Headphones X1 (Black): USD 79.99');
      expect(data.reply).toContain('Total USD 86.59');
      expect(data.reply).toContain('POST /approvals/<approval_id>');
      expect(s.sandbox.fakes.cartpilot.confirmCalls()).toBe(0);
      expect(outbox().purchases).toBe(0);

      const done = await decide(data.approval.id, 'approve');
      expect(done.status).toBe(200);
      expect(done.json.data.reply).toMatch(/^\[sandbox model\] Bought\. Order \S+ \(1 × Wireless Headphones X1 \(Black\), USD 86\.59 from merchant-a\) is \w+/);
      expect(outbox().purchases).toBe(1);

      const status = await chat('what happened to my order?');
      expect(status.status).toBe(200);
      expect(names(status.json.data)).toEqual(['list_orders', 'get_order_status']);
      expect(status.json.data.reply).toContain('Wireless Headphones X1 (Black)');
      expect(outbox().purchases).toBe(1);
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    '"buy a coffee grinder" picks the best-rated grinder, in its own currency, and buys nothing when declined',
    async () => {
      const res = await chat('buy a coffee grinder');
      expect(res.status).toBe(202);
      expect(names(res.json.data)).toEqual(['create_intent', 'get_intent_offers', 'create_checkout', 'quote_checkout', 'request_approval']);
      expect(res.json.data.approval.preview).toMatchObject({
        title: 'Buy 1 × Manual Coffee Grinder for EUR 58.45',
        details: { merchant_id: 'merchant-c', subtotal: 'EUR 45.00', tax: 'EUR 8.55', shipping: 'EUR 4.90', total: 'EUR 58.45' },
      });
      const before = outbox().purchases;
      const done = await decide(res.json.data.approval.id, 'deny');
      expect(done.json.data.reply).toContain('Nothing was bought');
      expect(outbox().purchases).toBe(before);
    },
    JOURNEY_TIMEOUT_MS,
  );
});

describe('search YouTube and post the best one', () => {
  it(
    'searches, proposes the exact post, and posts it only once approved',
    async () => {
      const search = await s.post('search-youtube', { query: 'serverless talks', max_results: 5 });
      const best = search.json.data.videos[0];
      const res = await chat('Search YouTube for serverless talks and tweet the best one');
      expect(res.status).toBe(202);
      expect(names(res.json.data)).toEqual(['search_youtube', 'post_tweet']);
      const text = `Worth watching: "${best.title}" by ${best.channel_title} ${best.url}`;
      expect(res.json.data.approval).toMatchObject({ tool: 'post_tweet', args: { text } });
      expect(res.json.data.approval.preview).toEqual({
        kind: 'tweet',
        title: 'Post on X as @sandbox_user',
        details: { account: '@sandbox_user', text, weighted_length: weightedLength(text).weightedLength, max_weighted_length: 280, reply_to: null },
      });
      expect(outbox().tweets).toEqual([]);
      const done = await decide(res.json.data.approval.id, 'approve');
      expect(done.json.data.reply).toMatch(/^\[sandbox model\] Posted: https:\/\/x\.com\/sandbox_user\/status\/\d+$/);
      expect(outbox().tweets.map((t) => t.text)).toEqual([text]);
    },
    JOURNEY_TIMEOUT_MS,
  );
});

describe('calendar and inbox', () => {
  it(
    '"schedule lunch with Ana tomorrow at noon" proposes the event at noon in the calendar’s time zone',
    async () => {
      const res = await chat('schedule lunch with Ana tomorrow at noon');
      expect(res.status).toBe(202);
      expect(names(res.json.data)).toEqual(['list_calendar_events', 'create_calendar_event']);
      const day = saoPauloDate(1);
      expect(res.json.data.approval.preview).toEqual({
        kind: 'event',
        title: 'Add "Lunch with Ana" to your calendar (no conflicts)',
        details: {
          account: SANDBOX_EMAIL,
          calendar_id: 'primary',
          summary: 'Lunch with Ana',
          start: `${day}T12:00:00-03:00`,
          end: `${day}T13:00:00-03:00`,
          time_zone: 'America/Sao_Paulo',
          location: null,
          description: null,
          attendees: [],
          send_updates: 'none',
          // The sandbox calendar is free at noon tomorrow: checked, nothing overlaps.
          conflicts: { checked: true, calendars: ['primary'], overlaps: [], unchecked: [] },
          if_conflict: 'create_anyway',
        },
      });
      const atNoon = () => s.sandbox.fakes.google.calendarEvents(SANDBOX_EMAIL).filter((e) => e.event.start.dateTime === `${day}T12:00:00-03:00`);
      expect(atNoon()).toEqual([]);
      const done = await decide(res.json.data.approval.id, 'approve');
      expect(done.json.data.reply).toContain('Added "Lunch with Ana" to your calendar');
      expect(atNoon().map((e) => e.event.summary)).toEqual(['Lunch with Ana']);
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    '"what\'s my day" reads calendar and inbox in one step and answers once',
    async () => {
      const before = s.sandbox.fakes.gemini.calls.length;
      const res = await chat("what's my day?");
      expect(res.status).toBe(200);
      expect(res.json.data.tool_calls.map((c: { name: string; status: string }) => [c.name, c.status])).toEqual([
        ['list_calendar_events', 'ok'],
        ['list_recent_emails', 'ok'],
      ]);
      // Two model requests: the one that asked for both reads at once, and the one that answered.
      expect(s.sandbox.fakes.gemini.calls.length - before).toBe(2);
      expect(res.json.data.reply).toContain('Next 24 hours:');
      expect(res.json.data.reply).toContain('Design review: onboarding flow');
      expect(res.json.data.reply).toContain('Ana Souza: Slides for Thursday');
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    '"email ana@example.com about Friday: …" takes the subject and body from the message and sends only once approved',
    async () => {
      const res = await chat('email ana@example.com about Friday: can we start at 10?');
      expect(res.status).toBe(202);
      expect(names(res.json.data)).toEqual(['send_email']);
      expect(res.json.data.approval.preview).toEqual({
        kind: 'email',
        title: 'Send an email to ana@example.com: "Friday"',
        details: {
          from: SANDBOX_EMAIL,
          to: ['ana@example.com'],
          cc: [],
          bcc: [],
          reply_to: null,
          subject: 'Friday',
          body: 'can we start at 10?',
          has_html_version: false,
          html: null,
          html_remote_content: [],
        },
      });
      expect(outbox().mails.filter((m) => m.subject === 'Friday')).toEqual([]);
      await decide(res.json.data.approval.id, 'approve');
      expect(outbox().mails.filter((m) => m.subject === 'Friday')).toMatchObject([
        { to: ['ana@example.com'], text: expect.stringContaining('can we start at 10?') },
      ]);
    },
    JOURNEY_TIMEOUT_MS,
  );
});

describe('what the sandbox model cannot map', () => {
  it(
    'answers with a short, honest list of what it can do, and calls nothing',
    async () => {
      const res = await chat('tell me a joke');
      expect(res.status).toBe(200);
      expect(res.json.data.tool_calls).toEqual([]);
      expect(res.json.data.reply).toBe(`${SANDBOX_LABEL} ${FALLBACK_REPLY}`);
    },
    JOURNEY_TIMEOUT_MS,
  );
});
