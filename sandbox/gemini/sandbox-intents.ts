// How the sandbox model understands a message: a fixed set of patterns, tried in order, each
// mapped to one journey with the details it needs. Deterministic; no learning, no guessing beyond
// these rules. The phrasings it understands are listed in the README and in FALLBACK_REPLY.
import { parseWhen, type When } from './sandbox-when';

export interface Budget {
  /** Minor units (cents). */
  amount: number;
  currency?: 'USD' | 'EUR';
}

export type Intent =
  | { kind: 'order_status' }
  | { kind: 'shop'; query: string; budget?: Budget; orderMailTo?: string }
  | { kind: 'youtube'; query: string; tweet: boolean }
  | { kind: 'schedule'; summary: string; when: When; attendees: string[]; invite: boolean }
  | { kind: 'day' }
  | { kind: 'email'; to: string[]; subject?: string; body?: string }
  | { kind: 'calendar'; days: number }
  | { kind: 'inbox'; unread: boolean }
  | { kind: 'tweet'; text?: string }
  | { kind: 'unknown' };

const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
const STRONG_SHOP = /\b(buy|purchase|shop(?:\s+for)?|order)\b/i;
// "buy a coffee grinder, order updates to ana@example.com": where the merchant sends order mail.
const ORDER_MAIL =
  /[,;]?\s*(?:and\s+|with\s+)?(?:send\s+)?(?:the\s+)?(?:order\s+updates|order\s+mail|order\s+e-?mails?|updates|receipts?)\s+to\s+([\w.+-]+@[\w-]+(?:\.[\w-]+)+)/i;
const WEAK_SHOP = /\b(find|get|looking for|want|need)\b(\s+me)?/i;
const BUDGET =
  /\b(?:under|below|less than|up to|at most|max(?:imum)?|within)\s+(\$|€|usd|eur)?\s*(\d+(?:[.,]\d{1,2})?)\s*(\$|€|dollars?|bucks|usd|euros?|eur)?/i;

export function understand(text: string): Intent {
  const t = text.trim();
  if (/\b(what happened to|where is|where's|status of|track)\b.*\border\b|\bmy (last |latest )?orders?\b/i.test(t)) return { kind: 'order_status' };
  const emails = t.match(EMAIL) ?? [];
  const orderMail = ORDER_MAIL.exec(t);
  if (orderMail?.[1] && STRONG_SHOP.test(t)) return { ...shopIntent(t.replace(orderMail[0], ''), STRONG_SHOP), orderMailTo: orderMail[1] };
  if (emails.length > 0 && /\b(e-?mail|mail|write|send|message|note)\b/i.test(t)) return emailIntent(t, emails);
  if (/\b(what'?s|what is|how'?s|how is|plan|brief me on)\s+my day\b|\bmy day\b|\bbrief me\b/i.test(t)) return { kind: 'day' };
  if (/\b(youtube|videos?|talks?|clips?)\b/i.test(t)) return { kind: 'youtube', query: youtubeQuery(t), tweet: /\b(tweet|post|share)\b/i.test(t) };
  const when = parseWhen(t);
  if (when && /\b(schedule|book|set up|arrange|add|put)\b/i.test(t)) return scheduleIntent(t, when, emails);
  if (STRONG_SHOP.test(t)) return shopIntent(t, STRONG_SHOP);
  if (/\b(calendar|agenda|events?|meetings?|schedule|appointments?)\b/i.test(t)) return { kind: 'calendar', days: calendarDays(t) };
  if (/\b(inbox|e-?mails?|mail|messages?|unread)\b/i.test(t)) return { kind: 'inbox', unread: /\b(unread|new)\b/i.test(t) };
  if (/\b(tweet|post)\b/i.test(t)) return { kind: 'tweet', text: quoted(t) ?? after(t, /\b(?:saying|that says|to say)\b:?/i) };
  if (WEAK_SHOP.test(t)) return shopIntent(t, WEAK_SHOP);
  return { kind: 'unknown' };
}

function emailIntent(t: string, to: string[]): Intent {
  const subject = /\babout\s+([^:.,\n]+?)\s*(?::|,|\.|$)/i.exec(t)?.[1]?.trim();
  const afterColon = t.indexOf(':') > t.search(EMAIL) ? t.slice(t.indexOf(':') + 1).trim() : undefined;
  const body = quoted(t) ?? (afterColon || undefined) ?? after(t, /\b(?:saying|that says|to say|telling (?:her|him|them))\b:?/i);
  const fallbackSubject = body?.split(/\s+/).slice(0, 6).join(' ');
  return { kind: 'email', to: [...new Set(to)], subject: capitalise(subject ?? fallbackSubject), body };
}

function scheduleIntent(t: string, when: When, attendees: string[]): Intent {
  const verb = /\b(schedule|book|set up|arrange|add|put)\b\s*(an?\s+|the\s+)?/i.exec(t);
  const rest = verb ? t.slice(verb.index + verb[0].length) : t;
  const summary = rest
    .replace(EMAIL, '')
    .split(
      /\b(today|tonight|tomorrow|on\s+\w+day|next\s+\w+day|\w+day\s+at|at\s+\d|at\s+noon|noon|midday|for\s+\d+|in my calendar|to my calendar|on my calendar)\b/i,
    )[0]
    ?.replace(/\s+(with|and)\s*$/i, '')
    .replace(/[\s,.;:!?]+$/, '')
    .trim();
  // "… and invite them" / "send the invitations": Google emails the attendees; otherwise it does not.
  const invite = attendees.length > 0 && /\binvit(?:e|es|ation|ations)\b/i.test(t);
  return { kind: 'schedule', summary: capitalise(summary) || 'New event', when, attendees: [...new Set(attendees)], invite };
}

function shopIntent(t: string, verb: RegExp): Extract<Intent, { kind: 'shop' }> {
  const m = verb.exec(t);
  const rest = m ? t.slice(m.index + m[0].length) : t;
  const budget = BUDGET.exec(rest);
  const query = (budget ? rest.slice(0, budget.index) : rest)
    .replace(/^\s*(me\s+)?(some|a pair of|a|an|the|new)\s+/i, '')
    .replace(/\b(please|for me|online)\b/gi, '')
    .replace(/[\s,.;:!?]+$/, '')
    .trim();
  return { kind: 'shop', query: query || t, ...(budget ? { budget: toBudget(budget) } : {}) };
}

function toBudget(m: RegExpExecArray): Budget {
  const amount = Math.round(Number((m[2] ?? '0').replace(',', '.')) * 100);
  const sign = `${m[1] ?? ''}${m[3] ?? ''}`.toLowerCase();
  const currency = /\$|dollar|buck|usd/.test(sign) ? 'USD' : /€|euro|eur/.test(sign) ? 'EUR' : undefined;
  return currency ? { amount, currency } : { amount };
}

function youtubeQuery(t: string): string {
  const m = /\b(for|about|on)\b\s+/i.exec(t);
  const rest = m ? t.slice(m.index + m[0].length) : t.replace(/\b(search|find|show me|youtube|videos?|on|for)\b/gi, ' ');
  const q = rest
    .split(/\s+(?:and|then)\b/i)[0]
    ?.replace(/^\s*(a|an|the|some)\s+/i, '')
    .replace(/^(talks?|videos?|clips?)\s+(on|about)\s+/i, '')
    .replace(/\s+on youtube\b/i, '')
    .replace(/[\s,.;:!?]+$/, '')
    .trim();
  return q || t;
}

function calendarDays(t: string): number {
  if (/\btoday\b/i.test(t)) return 1;
  if (/\btomorrow\b/i.test(t)) return 2;
  if (/\bmonth\b/i.test(t)) return 31;
  return 7;
}

function quoted(t: string): string | undefined {
  return /["“]([^"”]+)["”]/.exec(t)?.[1]?.trim();
}

function after(t: string, marker: RegExp): string | undefined {
  const m = marker.exec(t);
  const rest = m ? t.slice(m.index + m[0].length).trim() : '';
  return rest || undefined;
}

function capitalise(s: string | undefined): string | undefined {
  return s ? s.charAt(0).toUpperCase() + s.slice(1) : s;
}
