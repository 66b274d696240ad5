// Mailboxes: each account's messages as Gmail stores them (raw RFC 822 + labels), plus a decoded
// record of everything the app sent, for assertions.
import { newGmailId } from './ids';
import { buildMessage, findPart, header, parseAddresses, parseMessage, type Header, type MimePart } from './rfc822';

export interface SeedMessage {
  id?: string;
  threadId?: string;
  from: string;
  to?: string;
  cc?: string;
  subject: string;
  body?: string;
  /** Date | ISO string | epoch ms; default: the fake's clock. */
  date?: Date | string | number;
  /** Verbatim labels; default INBOX + CATEGORY_PERSONAL, plus UNREAD unless `unread: false`. */
  labelIds?: string[];
  unread?: boolean;
  headers?: Record<string, string>;
}

export interface StoredMessage {
  id: string;
  threadId: string;
  labelIds: string[];
  internalDate: number;
  historyId: string;
  raw: string;
  mime: MimePart;
  /** Plain text the snippet and search use. */
  text: string;
}

export interface SentMessage {
  id: string;
  threadId: string;
  /** The RFC 822 message exactly as the app sent it, decoded from base64url. */
  raw: string;
  headers: Header[];
  from?: string;
  to: string[];
  cc: string[];
  bcc: string[];
  subject?: string;
  text?: string;
  html?: string;
}

export class GmailStore {
  private readonly boxes = new Map<string, StoredMessage[]>();
  private readonly sentLog = new Map<string, SentMessage[]>();
  private history = 4000;

  constructor(private readonly now: () => number) {}

  messages(email: string): StoredMessage[] {
    const key = email.toLowerCase();
    if (!this.boxes.has(key)) this.boxes.set(key, []);
    return this.boxes.get(key) ?? [];
  }

  find(email: string, id: string): StoredMessage | undefined {
    return this.messages(email).find((m) => m.id === id);
  }

  seed(email: string, input: SeedMessage): StoredMessage {
    const date = input.date === undefined ? this.now() : new Date(input.date).getTime();
    const id = input.id ?? newGmailId();
    const headers: Header[] = [
      { name: 'From', value: input.from },
      { name: 'To', value: input.to ?? email },
      ...(input.cc ? [{ name: 'Cc', value: input.cc }] : []),
      { name: 'Subject', value: input.subject },
      { name: 'Date', value: rfc2822Date(date) },
      { name: 'Message-ID', value: `<${id}.${date}@mail.example.com>` },
      ...Object.entries(input.headers ?? {}).map(([name, value]) => ({ name, value })),
    ];
    const labels = input.labelIds ?? ['INBOX', 'CATEGORY_PERSONAL', ...(input.unread === false ? [] : ['UNREAD'])];
    return this.store(email, buildMessage(headers, input.body ?? ''), { id, threadId: input.threadId, labelIds: labels, date });
  }

  /** Record an outgoing message (already validated) as Gmail would: a SENT message in a thread. */
  send(email: string, raw: string, threadId?: string): StoredMessage {
    const mime = parseMessage(raw);
    const stored = this.store(email, raw, { threadId: threadId ?? this.threadOf(email, mime), labelIds: ['SENT'], date: this.now() });
    const log = this.sentLog.get(email.toLowerCase()) ?? [];
    this.sentLog.set(email.toLowerCase(), log);
    log.push({
      id: stored.id,
      threadId: stored.threadId,
      raw,
      headers: mime.headers,
      from: header(mime.headers, 'from'),
      to: parseAddresses(header(mime.headers, 'to')),
      cc: parseAddresses(header(mime.headers, 'cc')),
      bcc: parseAddresses(header(mime.headers, 'bcc')),
      subject: header(mime.headers, 'subject'),
      text: findPart(mime, 'text/plain')?.body,
      html: findPart(mime, 'text/html')?.body,
    });
    return stored;
  }

  sent(email: string): SentMessage[] {
    return [...(this.sentLog.get(email.toLowerCase()) ?? [])];
  }

  private store(email: string, raw: string, o: { id?: string; threadId?: string; labelIds: string[]; date: number }): StoredMessage {
    const mime = parseMessage(raw);
    const id = o.id ?? newGmailId();
    const text = findPart(mime, 'text/plain')?.body ?? stripHtml(findPart(mime, 'text/html')?.body ?? '');
    const msg: StoredMessage = {
      id,
      threadId: o.threadId ?? id,
      labelIds: [...o.labelIds],
      internalDate: o.date,
      historyId: String(++this.history),
      raw,
      mime,
      text,
    };
    this.messages(email).push(msg);
    return msg;
  }

  /** Gmail threads a reply when it references a known Message-ID (and the subject matches). */
  private threadOf(email: string, mime: MimePart): string | undefined {
    const refs = `${header(mime.headers, 'in-reply-to') ?? ''} ${header(mime.headers, 'references') ?? ''}`;
    const subject = baseSubject(header(mime.headers, 'subject'));
    const parent = this.messages(email).find((m) => {
      const mid = header(m.mime.headers, 'message-id');
      return mid !== undefined && refs.includes(mid) && baseSubject(header(m.mime.headers, 'subject')) === subject;
    });
    return parent?.threadId;
  }
}

const baseSubject = (s: string | undefined) =>
  (s ?? '')
    .replace(/^\s*((re|fwd?)\s*:\s*)+/i, '')
    .trim()
    .toLowerCase();

const stripHtml = (html: string) => html.replace(/<[^>]*>/g, ' ');

/** RFC 5322 date, e.g. "Tue, 04 Mar 2025 09:15:00 +0000". */
const rfc2822Date = (ms: number) => new Date(ms).toUTCString().replace('GMT', '+0000');
