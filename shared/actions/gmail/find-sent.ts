import type { gmail_v1 } from '@googleapis/gmail';
import { z } from 'zod';
import { mapGoogleError } from '../../providers/google/google-errors';

// Finding a message we sent by its Message-ID: Gmail search `rfc822msgid:` (Sent, and Trash/Spam
// too, in case the person already deleted it). Needs a scope that may search (gmail.readonly or
// broader); gmail.send alone cannot tell, and then the effect stays unknown.

const Listed = z.looseObject({ messages: z.array(z.looseObject({ id: z.string(), threadId: z.string().default('') })).optional() });
const Minimal = z.looseObject({ id: z.string(), threadId: z.string().default(''), labelIds: z.array(z.string()).default([]) });

export interface SentRef {
  id: string;
  threadId: string;
  labelIds: string[];
}

/** https://developers.google.com/workspace/gmail/api/reference/rest/v1/users.messages/list */
export async function findSentByMessageId(api: gmail_v1.Gmail, messageId: string, signal: AbortSignal): Promise<SentRef | undefined> {
  try {
    const res = await api.users.messages.list({ userId: 'me', q: `rfc822msgid:${messageId}`, includeSpamTrash: true, maxResults: 2 }, { signal });
    const hit = Listed.parse(res.data).messages?.[0];
    if (!hit) return undefined;
    const got = await api.users.messages.get({ userId: 'me', id: hit.id, format: 'minimal' }, { signal });
    return Minimal.parse(got.data);
  } catch (e) {
    throw mapGoogleError(e);
  }
}
