// Gmail's search syntax (https://support.google.com/mail/answer/7190), enough for the queries an
// assistant builds: from:/to:/subject:, is:unread|read|starred|important, in:/label:,
// newer_than:/older_than: (d|m|y), after:/before: (YYYY/MM/DD or epoch seconds), has:attachment,
// rfc822msgid: (the Message-ID header),
// "quoted phrases", -negation, OR, {…} alternatives, ( … ) groups and op:( … ) / op:{ … }, and
// free text. The tree comes from gmail-query-parse.ts; this file gives each term its meaning.
import type { StoredMessage } from './gmail-store';
import { parseQuery, type QueryNode } from './gmail-query-parse';
import { header, type MimePart } from './rfc822';

type Predicate = (m: StoredMessage) => boolean;

export interface CompiledQuery {
  matches: Predicate;
  /** in:anywhere / in:spam / in:trash lift the default exclusion of SPAM and TRASH. */
  reachesSpamTrash: boolean;
}

export function compileQuery(q: string, now: number): CompiledQuery {
  const flags = { reachesSpamTrash: false };
  const matches = compileNode(parseQuery(q), now, flags);
  return { matches, reachesSpamTrash: flags.reachesSpamTrash };
}

function compileNode(node: QueryNode, now: number, flags: { reachesSpamTrash: boolean }): Predicate {
  switch (node.kind) {
    case 'and': {
      const parts = node.items.map((n) => compileNode(n, now, flags));
      return (m) => parts.every((p) => p(m));
    }
    case 'or': {
      const parts = node.items.map((n) => compileNode(n, now, flags));
      return (m) => parts.length === 0 || parts.some((p) => p(m));
    }
    case 'not': {
      const inner = compileNode(node.item, now, flags);
      return (m) => !inner(m);
    }
    case 'term': {
      const value = node.value.toLowerCase();
      if (!node.op) return freeText(value);
      if (node.op === 'in' && ['anywhere', 'spam', 'trash'].includes(value)) flags.reachesSpamTrash = true;
      // Gmail treats an unknown "word:" as plain text.
      return operator(node.op, value, now) ?? freeText(`${node.op}:${value}`);
    }
  }
}

function operator(op: string, value: string, now: number): Predicate | undefined {
  const h = (m: StoredMessage, name: string) => (header(m.mime.headers, name) ?? '').toLowerCase();
  switch (op) {
    case 'from':
      return (m) => h(m, 'from').includes(value);
    case 'to':
      return (m) => ['to', 'cc', 'bcc'].some((n) => h(m, n).includes(value));
    case 'subject':
      return (m) => h(m, 'subject').includes(value);
    case 'is':
      return isFilter(value);
    case 'in':
    case 'label':
      return value === 'anywhere' ? () => true : (m) => m.labelIds.some((l) => l.toLowerCase() === labelName(value));
    case 'newer_than':
    case 'older_than': {
      const cutoff = now - relativeMs(value);
      return op === 'newer_than' ? (m) => m.internalDate > cutoff : (m) => m.internalDate < cutoff;
    }
    case 'after':
    case 'before': {
      const at = absoluteMs(value);
      return op === 'after' ? (m) => m.internalDate >= at : (m) => m.internalDate < at;
    }
    case 'has':
      return value === 'attachment' ? (m) => hasAttachment(m.mime) : undefined;
    case 'rfc822msgid':
      // The Message-ID header, with or without its angle brackets.
      return (m) => bare(h(m, 'message-id')) === bare(value);
    default:
      return undefined; // Gmail treats an unknown "word:" as plain text.
  }
}

function isFilter(value: string): Predicate {
  const label = { unread: 'UNREAD', starred: 'STARRED', important: 'IMPORTANT' }[value];
  if (value === 'read') return (m) => !m.labelIds.includes('UNREAD');
  return label ? (m) => m.labelIds.includes(label) : () => false;
}

function freeText(term: string): Predicate {
  return (m) =>
    [header(m.mime.headers, 'subject'), header(m.mime.headers, 'from'), header(m.mime.headers, 'to'), m.text].some((f) => f?.toLowerCase().includes(term));
}

const labelName = (v: string) => (v === 'inbox' || v === 'sent' || v === 'spam' || v === 'trash' ? v.toUpperCase() : v).toLowerCase();

const bare = (id: string) => id.trim().replace(/^<(.*)>$/, '$1');

function relativeMs(v: string): number {
  const m = /^(\d+)([dmy])$/.exec(v);
  const day = 86_400_000;
  if (!m) return 0;
  return Number(m[1]) * { d: day, m: 30 * day, y: 365 * day }[m[2] as 'd' | 'm' | 'y'];
}

function absoluteMs(v: string): number {
  if (/^\d{9,}$/.test(v)) return Number(v) * 1000;
  const m = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$/.exec(v);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
}

const hasAttachment = (p: MimePart): boolean => p.filename !== '' || p.parts.some(hasAttachment);
