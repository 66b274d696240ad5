// OAuth scopes by capability. Actions declare the narrowest scope they need; a broader granted
// scope satisfies a narrower one (Google's own hierarchy), so users who granted more still work.

const G = 'https://www.googleapis.com/auth/';
export const CALENDAR_EVENTS = `${G}calendar.events`;
export const CALENDAR_EVENTS_READONLY = `${G}calendar.events.readonly`;
/** Busy times and calendar settings: freebusy.query accepts only calendar or calendar.readonly. */
export const CALENDAR_READONLY = `${G}calendar.readonly`;
export const GMAIL_READONLY = `${G}gmail.readonly`;
export const GMAIL_SEND = `${G}gmail.send`;
export const X_TWEET_WRITE = 'tweet.write';
export const X_TWEET_READ = 'tweet.read';
export const X_USERS_READ = 'users.read';
export const X_OFFLINE = 'offline.access';

/** capability name (as oauth-start takes it) → scopes it maps to. */
export const CAPABILITY_SCOPES = {
  google: {
    calendar: [CALENDAR_EVENTS],
    'calendar.read': [CALENDAR_EVENTS_READONLY],
    'calendar.freebusy': [CALENDAR_READONLY],
    'gmail.read': [GMAIL_READONLY],
    'gmail.send': [GMAIL_SEND],
  },
  x: {
    tweet: [X_TWEET_WRITE, X_TWEET_READ, X_USERS_READ, X_OFFLINE],
  },
} as const satisfies Record<string, Record<string, readonly string[]>>;

const IMPLIED_BY: Record<string, string[]> = {
  [CALENDAR_EVENTS_READONLY]: [CALENDAR_EVENTS, `${G}calendar`, `${G}calendar.readonly`],
  [CALENDAR_EVENTS]: [`${G}calendar`],
  [CALENDAR_READONLY]: [`${G}calendar`],
  [GMAIL_READONLY]: [`${G}gmail.modify`, 'https://mail.google.com/'],
  [GMAIL_SEND]: [`${G}gmail.compose`, `${G}gmail.modify`, 'https://mail.google.com/'],
};

export function missingScopes(granted: readonly string[], required: readonly string[]): string[] {
  const have = new Set(granted);
  return required.filter((s) => !have.has(s) && !(IMPLIED_BY[s] ?? []).some((broader) => have.has(broader)));
}

/** The capabilities whose scopes cover `scopes` (for connect URLs). */
export function capabilitiesFor(provider: 'google' | 'x', scopes: readonly string[]): string[] {
  const table: Record<string, readonly string[]> = CAPABILITY_SCOPES[provider];
  return Object.entries(table)
    .filter(([, caps]) => scopes.some((s) => caps.includes(s)))
    .map(([name]) => name);
}
