// A stored message as users.messages.get returns it in each `format`
// (https://developers.google.com/gmail/api/reference/rest/v1/Format).
import type { StoredMessage } from './gmail-store';
import type { MimePart } from './rfc822';

export type MessageFormat = 'minimal' | 'full' | 'raw' | 'metadata';

export function renderMessage(msg: StoredMessage, format: MessageFormat, metadataHeaders: string[]): Record<string, unknown> {
  const base = {
    id: msg.id,
    threadId: msg.threadId,
    labelIds: [...msg.labelIds],
    snippet: snippetOf(msg.text),
    sizeEstimate: Buffer.byteLength(msg.raw),
    historyId: msg.historyId,
    // int64 fields travel as strings in Google's JSON.
    internalDate: String(msg.internalDate),
  };
  switch (format) {
    case 'minimal':
      return base;
    case 'raw':
      return { ...base, raw: Buffer.from(msg.raw, 'utf8').toString('base64url') };
    case 'metadata': {
      const wanted = metadataHeaders.map((h) => h.toLowerCase());
      const headers = msg.mime.headers.filter((h) => wanted.length === 0 || wanted.includes(h.name.toLowerCase()));
      return { ...base, payload: { partId: '', mimeType: msg.mime.mimeType, filename: '', headers } };
    }
    case 'full':
      return { ...base, payload: renderPart(msg.mime, '') };
  }
}

/** MessagePart: leaf bodies are base64url in body.data; containers list their parts. */
function renderPart(part: MimePart, partId: string): Record<string, unknown> {
  const isLeaf = part.parts.length === 0;
  const data = Buffer.from(part.body, 'utf8');
  return {
    partId,
    mimeType: part.mimeType,
    filename: part.filename,
    headers: part.headers,
    body: isLeaf ? { size: data.length, ...(data.length ? { data: data.toString('base64url') } : {}) } : { size: 0 },
    ...(isLeaf ? {} : { parts: part.parts.map((p, i) => renderPart(p, partId === '' ? String(i) : `${partId}.${i}`)) }),
  };
}

/**
 * Gmail's snippet: the start of the text with whitespace collapsed, HTML-escaped (a real quirk:
 * "Don't" arrives as "Don&#39;t"), cut at about 200 characters on a word boundary.
 */
export function snippetOf(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const cut = flat.length <= 200 ? flat : flat.slice(0, flat.lastIndexOf(' ', 200) > 0 ? flat.lastIndexOf(' ', 200) : 200);
  const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
  return cut.replace(/[&<>"']/g, (c) => entities[c] ?? c);
}
