import { nextShoppingCall } from './sandbox-shopping';
import { lastUserText, type GeminiCall, type ModelReply, type WireContent } from './wire';

// THE OFFLINE SANDBOX MODEL — not Gemini, not AI. A handful of keyword rules that pick a tool
// from the user's words, and a summariser that describes tool results in plain text prefixed
// with "[sandbox model]". It exists so `npm start` can show the whole loop (tool calls,
// approvals, resumption) offline through the real SDK and the real wire format. It only calls
// tools the request declares, so it behaves like a model that sees what the user connected.

export const SANDBOX_LABEL = '[sandbox model]';

interface Rule {
  test: RegExp;
  tool: string;
  args: (text: string) => Record<string, unknown>;
}

const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)+/;

const RULES: Rule[] = [
  { test: /\b(buy|shop|purchase)\b/i, tool: 'create_intent', args: (t) => ({ query: topic(t, /\b(buy|shop for|shop|purchase)\b/i) }) },
  { test: new RegExp(`\\bsend\\b[\\s\\S]*\\bto\\b\\s+${EMAIL.source}`, 'i'), tool: 'send_email', args: emailArgs },
  { test: /\b(youtube|video|videos|talk)\b/i, tool: 'search_youtube', args: (t) => ({ query: topic(t, /\b(for|about|on)\b/i), max_results: 3 }) },
  { test: /\b(tweet|post)\b/i, tool: 'post_tweet', args: (t) => ({ text: quoted(t) ?? topic(t, /\b(tweet|post)\b/i) }) },
  { test: /\b(calendar|events?|schedule|meetings?)\b/i, tool: 'list_calendar_events', args: () => ({ days_ahead: 7 }) },
  { test: /\b(e-?mails?|inbox|mail)\b/i, tool: 'list_recent_emails', args: () => ({ max_results: 5 }) },
];

export function sandboxModel(call: GeminiCall): ModelReply {
  const last = call.body.contents.at(-1);
  if (last && hasFunctionResponses(last)) return afterTools(call, last);
  const text = lastUserText(call);
  const rule = RULES.find((r) => r.test.test(text));
  if (!rule)
    return {
      text: `${SANDBOX_LABEL} I'm the offline sandbox model. Try "what's on my calendar", "check my inbox", "search YouTube for a talk on serverless and tweet the best one", "send a note to ana@example.com" or "buy a coffee grinder".`,
    };
  if (!call.tools.includes(rule.tool))
    return { text: `${SANDBOX_LABEL} That needs ${rule.tool}, which isn't available right now (connect the account it needs first).` };
  return { calls: [{ name: rule.tool, args: rule.args(text) }] };
}

function afterTools(call: GeminiCall, last: WireContent): ModelReply {
  const responses = last.parts.flatMap((p) => (p.functionResponse ? [p.functionResponse] : []));
  const asked = lastUserText(call);
  const search = responses.find((r) => r.name === 'search_youtube' && r.response.output);
  const best = search ? firstVideo(search.response.output) : undefined;
  const only = responses.length === 1 ? responses[0] : undefined;
  const shopping =
    only && /\b(buy|shop|purchase)\b/i.test(asked) ? nextShoppingCall(only.name, only.response.output as Record<string, unknown>, call.tools) : undefined;
  if (shopping) return { calls: [shopping] };
  // "…and tweet the best one": one follow-up step, the way a model chains two tools.
  if (best && /\b(tweet|post)\b/i.test(asked) && call.tools.includes('post_tweet')) {
    return {
      text: `${SANDBOX_LABEL} Found "${best.title}". Drafting a post for your approval.`,
      calls: [{ name: 'post_tweet', args: { text: `Worth watching: ${best.title} ${best.url}`.slice(0, 270) } }],
    };
  }
  return { text: `${SANDBOX_LABEL} ${responses.map((r) => describe(r.name, r.response)).join(' ')}` };
}

function describe(name: string, response: Record<string, unknown>): string {
  const error = response.error as { code?: string; message?: string } | undefined;
  if (error) return error.code === 'denied' ? `OK — ${name} was not run, as you declined.` : `${name} failed: ${error.message ?? error.code}.`;
  const output = response.output;
  const list = firstArray(output);
  if (list) return `${name} returned ${list.length} item(s)${list.length ? `: ${list.slice(0, 3).map(label).join('; ')}` : ''}.`;
  return `${name} is done${typeof output === 'object' && output && 'url' in output ? ` (${String(output.url)})` : ''}.`;
}

function firstArray(v: unknown): unknown[] | undefined {
  if (!v || typeof v !== 'object') return undefined;
  return Object.values(v).find((x): x is unknown[] => Array.isArray(x));
}

function label(item: unknown): string {
  if (!item || typeof item !== 'object') return String(item);
  const o = item as Record<string, unknown>;
  return String(o.title ?? o.summary ?? o.subject ?? o.name ?? o.id ?? 'item');
}

function firstVideo(output: unknown): { title: string; url: string } | undefined {
  const v = firstArray(output)?.[0] as { title?: unknown; url?: unknown } | undefined;
  return typeof v?.title === 'string' && typeof v.url === 'string' ? { title: v.title, url: v.url } : undefined;
}

function hasFunctionResponses(c: WireContent): boolean {
  return c.role === 'user' && c.parts.some((p) => p.functionResponse);
}

function emailArgs(text: string): Record<string, unknown> {
  const to = EMAIL.exec(text)?.[0] ?? '';
  const body = quoted(text) ?? text;
  // A quoted body that is markup is sent as HTML, with its text version alongside.
  if (/<[a-z][^>]*>/i.test(body)) return { to: [to], subject: 'A note from your assistant', text: htmlToText(body), html: body };
  return { to: [to], subject: 'A note from your assistant', text: body };
}

function htmlToText(html: string): string {
  return (
    html
      .replace(/<[^>]*>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim() || 'See the HTML version.'
  );
}

/** The words after the first match of `after` (or the whole text), without trailing clauses. */
function topic(text: string, after: RegExp): string {
  const m = after.exec(text);
  const rest = m ? text.slice(m.index + m[0].length) : text;
  const cut = rest.split(/\b(and then|and|then)\b/i)[0] ?? rest;
  return (
    cut
      .replace(/^\s*(a|an|the)\s+(talk|video)\s+(on|about)\s+/i, '')
      .replace(/[.?!]+\s*$/, '')
      .trim() || text.trim()
  );
}

function quoted(text: string): string | undefined {
  return /["“]([^"”]+)["”]/.exec(text)?.[1];
}
