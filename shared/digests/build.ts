import type { ActionContext } from '../runtime/context';
import { section, type DigestContent } from './content';
import { calendarSection, emailSection } from './sections-google';
import { ordersSection, youtubeSection } from './sections-more';
import type { StoredSettings } from './settings-store';
import { renderDigest } from './render';
import { summarise } from './summary';

// Gathers the enabled sections in parallel, adds the optional summary and renders the mail.

export interface BuiltDigest {
  content: DigestContent;
  subject: string;
  text: string;
  counts: Record<string, number>;
}

export async function buildDigest(ctx: ActionContext, settings: StoredSettings, localDate: string, since: string, senderEmail: string): Promise<BuiltDigest> {
  const s = settings.sections;
  const log = ctx.log;
  const [calendar, email, orders, youtube] = await Promise.all([
    s.calendar ? section('calendar', log, () => calendarSection(ctx, localDate, settings.timeZone, since, senderEmail)) : undefined,
    s.email ? section('email', log, () => emailSection(ctx, since, senderEmail)) : undefined,
    s.orders ? section('orders', log, () => ordersSection(ctx, since)) : undefined,
    s.youtubeSearches.length > 0 ? section('youtube', log, () => youtubeSection(ctx, s.youtubeSearches, since)) : undefined,
  ]);
  const content: DigestContent = { localDate, timeZone: settings.timeZone, calendar, email, orders, youtube };
  const draft = renderDigest(content);
  content.summary = await summarise(ctx, draft.text);
  const mail = content.summary ? renderDigest(content) : draft;
  return { content, ...mail, counts: countsOf(content) };
}

function countsOf(c: DigestContent): Record<string, number> {
  const out: Record<string, number> = {};
  if (c.calendar && 'events' in c.calendar) out.events = c.calendar.events.length;
  if (c.email && 'newCount' in c.email) out.newMessages = c.email.newCount;
  if (c.orders && 'changes' in c.orders) out.orderChanges = c.orders.changes.length;
  if (c.youtube && 'searches' in c.youtube) out.videos = c.youtube.searches.reduce((n, q) => n + q.videos.length, 0);
  return out;
}
