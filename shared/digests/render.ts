import { isSectionError, type DigestContent } from './content';

// The digest as a plain-text mail. Plain text on purpose: it renders the same in every client
// and carries no remote content (no tracking pixels, nothing to sanitise).

export function renderDigest(c: DigestContent): { subject: string; text: string } {
  const parts = [c.summary ? `${c.summary}\n` : '', calendar(c), email(c), orders(c), youtube(c)].filter(Boolean);
  const text = parts.length > 0 ? parts.join('\n') : 'Nothing new today.\n';
  return { subject: `Your daily digest for ${c.localDate}`, text: `${text}\n— Sent by your assistant. Change or turn off digests in the app.\n` };
}

function heading(title: string, body: string): string {
  return `${title}\n${'-'.repeat(title.length)}\n${body}\n`;
}

function calendar(c: DigestContent): string {
  const s = c.calendar;
  if (!s) return '';
  if (isSectionError(s)) return heading('Calendar', s.unavailable);
  const events = s.events.map((e) => `• ${e.allDay ? 'All day' : timeOf(e.start, c.timeZone)}  ${e.summary}${e.location ? ` (${e.location})` : ''}`);
  const changes = s.changes.map((x) => `• ${x.status === 'cancelled' ? 'Cancelled' : 'Updated'}: ${x.summary}`);
  const body = [
    events.length ? events.join('\n') : 'No events today.',
    ...(changes.length ? ['', 'Changed since your last digest:', ...changes] : []),
    ...(s.fullResync ? ['(Your calendar was re-read in full; some changes may not be listed.)'] : []),
  ];
  return heading('Calendar', body.join('\n'));
}

function email(c: DigestContent): string {
  const s = c.email;
  if (!s) return '';
  if (isSectionError(s)) return heading('Email', s.unavailable);
  const top = s.top.map(
    (m) => `• ${m.category ? `[${m.category.replace('_', ' ')}] ` : ''}${m.from}: ${m.subject}${m.snippet ? ` — ${m.snippet.slice(0, 120)}` : ''}`,
  );
  return heading('Email', [`${s.newCount} new, ${s.unreadCount} unread.`, ...top, ...(s.sortNotice ? [s.sortNotice] : [])].join('\n'));
}

function orders(c: DigestContent): string {
  const s = c.orders;
  if (!s) return '';
  if (isSectionError(s)) return heading('Orders', s.unavailable);
  if (s.changes.length === 0) return '';
  return heading('Orders', s.changes.map((o) => `• ${o.orderId} (${o.merchant}, ${o.total}): ${o.status}`).join('\n'));
}

function youtube(c: DigestContent): string {
  const s = c.youtube;
  if (!s) return '';
  if (isSectionError(s)) return heading('YouTube', s.unavailable);
  const blocks = s.searches.map((q) =>
    [`“${q.query}”:`, ...(q.videos.length ? q.videos.map((v) => `  • ${v.title} — ${v.channel} ${v.url}`) : ['  nothing new'])].join('\n'),
  );
  return blocks.length ? heading('YouTube', blocks.join('\n')) : '';
}

function timeOf(iso: string, timeZone: string): string {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return iso;
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(t));
}
