// OAuth scopes the fake enforces. Each API method accepts any one of several scopes, exactly as
// listed under "scopes" for that method in Google's discovery documents, so an app that asks for
// too narrow a scope fails here the way it would in production (403 insufficientPermissions).
const G = 'https://www.googleapis.com/auth/';

export const SCOPES = {
  calendar: `${G}calendar`,
  calendarReadonly: `${G}calendar.readonly`,
  calendarEvents: `${G}calendar.events`,
  calendarEventsReadonly: `${G}calendar.events.readonly`,
  gmailReadonly: `${G}gmail.readonly`,
  gmailMetadata: `${G}gmail.metadata`,
  gmailModify: `${G}gmail.modify`,
  gmailCompose: `${G}gmail.compose`,
  gmailSend: `${G}gmail.send`,
  mailGoogle: 'https://mail.google.com/',
  youtube: `${G}youtube`,
  youtubeReadonly: `${G}youtube.readonly`,
  youtubeForceSsl: `${G}youtube.force-ssl`,
  userinfoEmail: `${G}userinfo.email`,
  userinfoProfile: `${G}userinfo.profile`,
} as const;

/** Scopes accepted by each method the fake serves (any one is enough). */
export const METHOD_SCOPES = {
  calendarEventsList: [SCOPES.calendar, SCOPES.calendarReadonly, SCOPES.calendarEvents, SCOPES.calendarEventsReadonly],
  calendarEventsInsert: [SCOPES.calendar, SCOPES.calendarEvents],
  calendarFreebusyQuery: [SCOPES.calendar, SCOPES.calendarReadonly],
  calendarCalendarsGet: [SCOPES.calendar, SCOPES.calendarReadonly],
  gmailMessagesList: [SCOPES.mailGoogle, SCOPES.gmailModify, SCOPES.gmailReadonly, SCOPES.gmailMetadata],
  gmailMessagesGet: [SCOPES.mailGoogle, SCOPES.gmailModify, SCOPES.gmailReadonly, SCOPES.gmailMetadata],
  gmailMessagesSend: [SCOPES.mailGoogle, SCOPES.gmailModify, SCOPES.gmailCompose, SCOPES.gmailSend],
  youtubeSearch: [SCOPES.youtube, SCOPES.youtubeReadonly, SCOPES.youtubeForceSsl],
} as const;

/** What a seeded account is granted when the test does not say: everything this backend uses. */
export const DEFAULT_SCOPES: string[] = [
  'openid',
  SCOPES.userinfoEmail,
  SCOPES.calendarEvents,
  SCOPES.calendarReadonly,
  SCOPES.gmailReadonly,
  SCOPES.gmailSend,
  SCOPES.youtubeReadonly,
];

/** Google reports the short aliases ("email", "profile") under their full URLs. */
export function normalizeScopes(raw: string): string[] {
  const alias: Record<string, string> = { email: SCOPES.userinfoEmail, profile: SCOPES.userinfoProfile };
  return [
    ...new Set(
      raw
        .split(/[\s,]+/)
        .filter(Boolean)
        .map((s) => alias[s] ?? s),
    ),
  ];
}

export const hasAnyScope = (granted: readonly string[], accepted: readonly string[]) => accepted.some((s) => granted.includes(s));
