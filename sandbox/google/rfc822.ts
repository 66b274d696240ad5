// Just enough RFC 5322/MIME to read what an app sends through Gmail and to build seeded mail:
// header unfolding, RFC 2047 encoded words, multipart bodies, base64 and quoted-printable.
// Charsets other than UTF-8/ASCII/Latin-1 are not decoded (nodemailer emits UTF-8).

export interface Header {
  name: string;
  value: string;
}

export interface MimePart {
  headers: Header[];
  mimeType: string;
  /** Decoded body text for leaf parts ("" for multipart containers). */
  body: string;
  parts: MimePart[];
  filename: string;
}

export function parseMessage(raw: string): MimePart {
  const text = raw.replace(/\r\n/g, '\n');
  const split = text.indexOf('\n\n');
  const head = split === -1 ? text : text.slice(0, split);
  const rawBody = split === -1 ? '' : text.slice(split + 2);
  const headers = parseHeaders(head);
  const contentType = header(headers, 'content-type') ?? 'text/plain; charset=utf-8';
  const mimeType = (contentType.split(';')[0] ?? 'text/plain').trim().toLowerCase();
  const filename = /filename\*?="?([^";]+)"?/i.exec(header(headers, 'content-disposition') ?? '')?.[1] ?? '';
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (mimeType.startsWith('multipart/') && boundary) {
    return { headers, mimeType, body: '', parts: splitMultipart(rawBody, boundary).map(parseMessage), filename };
  }
  const encoding = (header(headers, 'content-transfer-encoding') ?? '7bit').toLowerCase();
  return { headers, mimeType, body: decodeBody(rawBody, encoding, contentType), parts: [], filename };
}

export function header(headers: Header[], name: string): string | undefined {
  return headers.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;
}

/** First part of the given type, depth-first (e.g. the text/plain alternative). */
export function findPart(part: MimePart, mimeType: string): MimePart | undefined {
  if (part.mimeType === mimeType && part.parts.length === 0) return part;
  for (const p of part.parts) {
    const hit = findPart(p, mimeType);
    if (hit) return hit;
  }
  return undefined;
}

/** Bare addresses from an address-list header: `"Ana, B" <ana@x.com>, bob@y.com` → both emails. */
export function parseAddresses(value: string | undefined): string[] {
  if (!value) return [];
  const items = value.match(/("[^"]*"|[^,])+/g) ?? [];
  return items.map((item) => (/<([^>]+)>/.exec(item)?.[1] ?? item).trim()).filter((a) => a.includes('@'));
}

/** Build a simple single-part UTF-8 message (used for seeded inbox mail). */
export function buildMessage(headers: Header[], body: string): string {
  const base: Header[] = [
    { name: 'MIME-Version', value: '1.0' },
    { name: 'Content-Type', value: 'text/plain; charset="UTF-8"' },
    { name: 'Content-Transfer-Encoding', value: 'quoted-printable' },
  ];
  const lines = [...headers, ...base].map((h) => `${h.name}: ${encodeWord(h.value)}`);
  return `${lines.join('\r\n')}\r\n\r\n${encodeQuotedPrintable(body)}`;
}

function parseHeaders(head: string): Header[] {
  const unfolded = head.replace(/\n[ \t]+/g, ' ');
  return unfolded
    .split('\n')
    .map((line) => /^([^:\s]+):\s*(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ name: m[1] ?? '', value: decodeWords(m[2] ?? '') }));
}

function splitMultipart(body: string, boundary: string): string[] {
  const segments = body.split(`--${boundary}`);
  // segments[0] is the preamble; the segment after the closing "--boundary--" is the epilogue.
  return segments
    .slice(1)
    .filter((s) => !s.startsWith('--'))
    .map((s) => s.replace(/^\n/, '').replace(/\n$/, ''));
}

function decodeBody(body: string, encoding: string, contentType: string): string {
  const latin1 = /charset="?(iso-8859-1|latin1|us-ascii)"?/i.test(contentType);
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString(latin1 ? 'latin1' : 'utf8');
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body, latin1);
  return body;
}

function decodeQuotedPrintable(s: string, latin1 = false): string {
  const bytes = s.replace(/=\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return Buffer.from(bytes, 'latin1').toString(latin1 ? 'latin1' : 'utf8');
}

/** RFC 2047: =?charset?B|Q?text?= (adjacent encoded words are joined without the space). */
function decodeWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, charset: string, enc: string, text: string) => {
      const latin1 = /iso-8859-1|latin1/i.test(charset);
      if (enc.toUpperCase() === 'B') return Buffer.from(text, 'base64').toString(latin1 ? 'latin1' : 'utf8');
      return decodeQuotedPrintable(text.replace(/_/g, ' '), latin1);
    });
}

function encodeWord(value: string): string {
  return /^[\x20-\x7e]*$/.test(value) ? value : `=?UTF-8?B?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}

function encodeQuotedPrintable(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => {
      const encoded = [...Buffer.from(line, 'utf8')].map((b) =>
        b === 0x3d || b > 0x7e || (b < 0x20 && b !== 0x09) ? `=${b.toString(16).toUpperCase().padStart(2, '0')}` : String.fromCharCode(b),
      );
      // Soft line breaks keep lines within 76 characters without splitting an =XX escape.
      let out = '';
      let width = 0;
      for (const chunk of encoded) {
        if (width + chunk.length > 75) (out += '=\r\n'), (width = 0);
        out += chunk;
        width += chunk.length;
      }
      return out;
    })
    .join('\r\n');
}
