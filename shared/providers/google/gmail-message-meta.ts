import { z } from 'zod';
import type { gmail_v1 } from '@googleapis/gmail';
import { retryRead } from '../retry';
import { mapGoogleError } from './google-errors';

// One Gmail message's metadata (headers, labels, snippet), as list_recent_emails and the push
// sync both read it. Parsed leniently: Gmail adds fields.

export const GmailMessageMeta = z.looseObject({
  id: z.string(),
  threadId: z.string(),
  snippet: z.string().default(''),
  labelIds: z.array(z.string()).default([]),
  internalDate: z.string().optional(),
  payload: z.looseObject({ headers: z.array(z.looseObject({ name: z.string(), value: z.string() })).default([]) }).optional(),
});
export type GmailMessageMeta = z.infer<typeof GmailMessageMeta>;

/** https://developers.google.com/workspace/gmail/api/reference/rest/v1/users.messages/get (a read: retried). */
export async function getMessageMeta(api: gmail_v1.Gmail, id: string, headers: string[], signal: AbortSignal): Promise<GmailMessageMeta> {
  const res = await retryRead(
    () => api.users.messages.get({ userId: 'me', id, format: 'metadata', metadataHeaders: headers }, { signal }),
    mapGoogleError,
    undefined,
    { signal },
  );
  return GmailMessageMeta.parse(res.data);
}

/** A header's value ('' when absent); header names are case-insensitive. */
export function headerOf(m: GmailMessageMeta, name: string): string {
  return m.payload?.headers.find((x) => x.name.toLowerCase() === name.toLowerCase())?.value ?? '';
}
