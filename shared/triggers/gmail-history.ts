import { z } from 'zod';
import type { gmail_v1 } from '@googleapis/gmail';
import type { ActionContext } from '../runtime/context';
import { AppError } from '../errors';
import { GMAIL_READONLY } from '../connections/scopes';
import { retryRead } from '../providers/retry';
import { mapGoogleError } from '../providers/google/google-errors';
import { unescapeHtml } from '../actions/common/html-text';
import type { GmailWatch } from './gmail-watch-store';
import { gmailWatchStore } from './gmail-watch';
import { InboxEventsStore, type InboxEvent } from './inbox-events';
import { getMessageMeta, headerOf, type GmailMessageMeta } from '../providers/google/gmail-message-meta';

// Reads what changed in a watched mailbox since the stored historyId and records the new INBOX
// messages for the digest. Everything is bounded — pages of history, messages fetched — because
// one notification must finish within the push deadline; what is left is read on the next one.
// A 404 means the stored historyId is too old (Google keeps about a week): then a bounded full
// resync reads the latest INBOX messages and restarts from the mailbox's current historyId.
// https://developers.google.com/workspace/gmail/api/guides/sync

const MAX_HISTORY_PAGES = 5;
const MAX_MESSAGES = 50;
const RESYNC_MESSAGES = 25;

const HistoryPage = z.looseObject({
  historyId: z.coerce.string().optional(),
  nextPageToken: z.string().optional(),
  history: z
    .array(z.looseObject({ id: z.coerce.string(), messagesAdded: z.array(z.looseObject({ message: z.looseObject({ id: z.string() }) })).default([]) }))
    .default([]),
});
const MessageList = z.looseObject({ messages: z.array(z.looseObject({ id: z.string() })).default([]) });
const Profile = z.looseObject({ historyId: z.coerce.string().regex(/^\d+$/) });

export interface SyncResult {
  mode: 'incremental' | 'resync';
  recorded: number;
  historyId: string;
}

type Gmail = gmail_v1.Gmail;

export async function syncMailbox(ctx: ActionContext, watch: GmailWatch): Promise<SyncResult> {
  const session = await ctx.clients.google([GMAIL_READONLY], watch.account);
  const { gmail } = await import('@googleapis/gmail');
  const api = gmail({ version: 'v1', auth: session.auth, ...session.apiOptions });
  const changes = await readHistory(ctx, api, watch.historyId).catch(async (e: unknown) => {
    if (isHistoryGone(e)) return undefined;
    throw e;
  });
  return changes ? await recordIncremental(ctx, api, watch, changes) : await resync(ctx, api, watch);
}

function read<T>(ctx: ActionContext, op: () => Promise<T>): Promise<T> {
  return retryRead(op, mapGoogleError, undefined, { signal: ctx.signal });
}

/** history.list answers 404 for a startHistoryId it no longer has. */
function isHistoryGone(e: unknown): boolean {
  return e instanceof AppError && e.code === 'not_found' && e.details?.status === 404;
}

async function readHistory(ctx: ActionContext, api: Gmail, start: string): Promise<{ ids: string[]; nextStart: string }> {
  const ids: string[] = [];
  let pageToken: string | undefined;
  let nextStart = start;
  for (let page = 0; page < MAX_HISTORY_PAGES; page++) {
    // https://developers.google.com/workspace/gmail/api/reference/rest/v1/users.history/list
    const res = await read(ctx, () =>
      api.users.history.list(
        { userId: 'me', startHistoryId: start, historyTypes: ['messageAdded'], labelId: 'INBOX', maxResults: 100, pageToken },
        { signal: ctx.signal },
      ),
    );
    const body = HistoryPage.parse(res.data);
    for (const h of body.history) for (const a of h.messagesAdded) ids.push(a.message.id);
    pageToken = body.nextPageToken;
    // Stopping early: resume after the last record read. At the end: the mailbox's current id.
    nextStart = pageToken ? (body.history.at(-1)?.id ?? nextStart) : (body.historyId ?? nextStart);
    if (!pageToken) break;
  }
  return { ids: [...new Set(ids)], nextStart };
}

async function recordIncremental(ctx: ActionContext, api: Gmail, watch: GmailWatch, changes: { ids: string[]; nextStart: string }): Promise<SyncResult> {
  const events = await fetchMetadata(ctx, api, watch.account, changes.ids.slice(-MAX_MESSAGES));
  await new InboxEventsStore(ctx.stores.db, () => ctx.clock.now()).record(watch.uid, events);
  await gmailWatchStore(ctx).advance(watch, changes.nextStart);
  return { mode: 'incremental', recorded: events.length, historyId: changes.nextStart };
}

async function resync(ctx: ActionContext, api: Gmail, watch: GmailWatch): Promise<SyncResult> {
  ctx.log.warn('gmail history too old; full resync', { historyId: watch.historyId });
  // The current historyId is read first, so nothing arriving during the resync is skipped.
  const profile = Profile.parse((await read(ctx, () => api.users.getProfile({ userId: 'me' }, { signal: ctx.signal }))).data);
  const list = MessageList.parse(
    (await read(ctx, () => api.users.messages.list({ userId: 'me', labelIds: ['INBOX'], maxResults: RESYNC_MESSAGES }, { signal: ctx.signal }))).data,
  );
  const events = await fetchMetadata(
    ctx,
    api,
    watch.account,
    list.messages.map((m) => m.id),
  );
  await new InboxEventsStore(ctx.stores.db, () => ctx.clock.now()).record(watch.uid, events);
  await gmailWatchStore(ctx).advance(watch, profile.historyId, { force: true });
  return { mode: 'resync', recorded: events.length, historyId: profile.historyId };
}

async function fetchMetadata(ctx: ActionContext, api: Gmail, account: string, ids: string[]): Promise<InboxEvent[]> {
  const out = await Promise.all(
    ids.map(async (id) => {
      try {
        return [toEvent(account, await getMessageMeta(api, id, ['From', 'Subject'], ctx.signal), ctx.clock.now().getTime())];
      } catch (e) {
        // Deleted between the change and our read: nothing to record.
        if (e instanceof AppError && e.code === 'not_found') return [];
        throw e;
      }
    }),
  );
  return out.flat();
}

function toEvent(account: string, m: GmailMessageMeta, now: number): InboxEvent {
  const h = (name: string) => headerOf(m, name);
  const receivedAt = new Date(m.internalDate ? Number(m.internalDate) : now).toISOString();
  return {
    account,
    messageId: m.id,
    threadId: m.threadId,
    from: h('From'),
    subject: h('Subject'),
    snippet: unescapeHtml(m.snippet),
    receivedAt,
    unread: m.labelIds.includes('UNREAD'),
  };
}
