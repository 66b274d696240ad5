// Identifiers that look like Google's, so code that validates or logs them behaves as in production
// (e.g. access tokens start with "ya29.", Gmail ids are 16 hex digits, event ids are base32hex).
import { createHash, randomBytes } from 'node:crypto';

const b64url = (buf: Buffer) => buf.toString('base64url');

export const newAccessToken = () => `ya29.${b64url(randomBytes(48))}`;
export const newRefreshToken = () => `1//${b64url(randomBytes(36))}`;
export const newAuthCode = () => `4/0A${b64url(randomBytes(30))}`;

/** Gmail message/thread ids: 16 lowercase hex digits. */
export const newGmailId = () => randomBytes(8).toString('hex');

/** Calendar event ids use base32hex (a-v, 0-9), 5–1024 characters. */
export function newEventId(): string {
  const alphabet = '0123456789abcdefghijklmnopqrstuv';
  return Array.from(randomBytes(26), (b) => alphabet[b % 32]).join('');
}

/** Stable 21-digit Google account id ("sub") derived from the email. */
export function subjectFor(email: string): string {
  const digits = BigInt(`0x${sha1(email.toLowerCase()).slice(0, 16)}`)
    .toString()
    .padStart(20, '0');
  return `1${digits.slice(0, 20)}`;
}

export const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');

/** YouTube-style etag: 27 base64url chars derived from the content, so equal payloads agree. */
export const youtubeEtag = (content: unknown) => createHash('sha256').update(JSON.stringify(content)).digest('base64url').slice(0, 27);

/** Calendar-style quoted numeric etag, changes whenever `version` does. */
export const calendarEtag = (version: number) => `"${(3_400_000_000_000_000 + version * 1000).toString()}"`;

/** Opaque page tokens: clients must echo them back verbatim, never parse them. */
export const encodePageToken = (offset: number, scope: string) => b64url(Buffer.from(JSON.stringify({ o: offset, s: sha1(scope).slice(0, 8) })));

export function decodePageToken(token: string, scope: string): number | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown; s?: unknown };
    if (typeof parsed.o !== 'number' || parsed.s !== sha1(scope).slice(0, 8)) return undefined;
    return parsed.o;
  } catch {
    return undefined;
  }
}
