import { AppError } from '../errors';

// Where the OAuth callback may send the browser afterwards. Only absolute http(s) URLs whose
// origin equals an allow-listed entry's origin and whose path lies under that entry's path are
// accepted; anything else is refused before any state is stored, so the callback can never be
// turned into an open redirect. The WHATWG parser normalises first (dot segments, %2e, case),
// and the checks run on what a browser would actually navigate to, never on the raw text.

const MAX_LENGTH = 2048;
// Raw characters no legitimate return URL carries but parser-confusion tricks rely on.
const RAW_FORBIDDEN = /[\\\s\u0000-\u001f\u007f]/;
// Percent-encoded slash, backslash, dot or control characters survive URL normalisation and are
// decoded again by some servers and frameworks (`/%2F%2Fevil` → `//evil`).
const ENCODED_FORBIDDEN = /%(2f|5c|2e|0[0-9a-f]|1[0-9a-f]|7f)/i;

/** The normalised URL to redirect to, or an invalid_input error. */
export function checkReturnTo(raw: string, allowlist: readonly string[]): string {
  const url = parseAbsolute(raw);
  const allowed = allowlist.some((entry) => matchesEntry(url, entry));
  if (!allowed) throw refuse('return_to is not an allowed destination.');
  return url.href;
}

function parseAbsolute(raw: string): URL {
  if (raw.length === 0 || raw.length > MAX_LENGTH) throw refuse('return_to must be 1–2048 characters.');
  if (RAW_FORBIDDEN.test(raw)) throw refuse('return_to contains forbidden characters.');
  // URL.canParse without a base refuses relative forms, including `//evil` and `/\evil`.
  if (!URL.canParse(raw)) throw refuse('return_to must be an absolute URL.');
  const url = new URL(raw);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw refuse('return_to must be an http(s) URL.');
  if (url.username || url.password) throw refuse('return_to must not carry credentials.');
  if (ENCODED_FORBIDDEN.test(url.pathname)) throw refuse('return_to contains an encoded separator.');
  return url;
}

function matchesEntry(url: URL, entry: string): boolean {
  if (!URL.canParse(entry)) return false;
  const allowed = new URL(entry);
  if (allowed.origin !== url.origin) return false;
  const prefix = allowed.pathname;
  if (url.pathname === prefix) return true;
  // Prefix on a segment boundary: "/app" admits "/app/x" but not "/apple".
  return url.pathname.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`);
}

function refuse(message: string): AppError {
  return new AppError('invalid_input', message, { details: { parameter: 'return_to' } });
}
