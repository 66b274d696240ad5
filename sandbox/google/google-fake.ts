// One loopback server that plays Google for this backend: OAuth (token, revoke, consent,
// userinfo) plus Calendar v3, Gmail v1 and YouTube v3, so a single rootUrl serves every
// @googleapis/* client. Tests and the dev sandbox drive it through the TypeScript control API
// below, never over HTTP.
import { startFakeServer, type FakeServer } from '../fake-server';
import { CalendarStore, type CalendarEvent, type SeedEvent, type StoredEvent } from './calendar-store';
import { calendarRoutes } from './calendar-routes';
import { freeBusyRoutes } from './freebusy-routes';
import { calendarGetRoutes } from './calendar-get-route';
import type { GoogleContext } from './context';
import { googleErrorBody } from './errors';
import { GmailStore, type SeedMessage, type SentMessage, type StoredMessage } from './gmail-store';
import { gmailRoutes } from './gmail-routes';
import type { ConsentBehavior } from './oauth-consent';
import { oauthRoutes } from './oauth-routes';
import { OAuthState, type GoogleAccount, type PendingCode } from './oauth-state';
import { DEFAULT_SCOPES } from './scopes';
import { newRefreshToken } from './ids';
import { catalog } from './youtube-catalog';
import { youtubeRoutes } from './youtube-routes';
import { YoutubeQuota } from './youtube-quota';
import { PushState } from './push-state';
import { gmailPushRoutes } from './gmail-push-routes';
import { calendarWatchRoutes } from './calendar-watch-routes';

export interface GoogleFakeOptions {
  apiKey?: string;
  clientId?: string;
  clientSecret?: string;
  port?: number;
  /** Issue a new refresh_token on every refresh (and retire the old one). Default false, like Google. */
  rotateRefreshTokens?: boolean;
  /** Lifetime of issued access tokens; Google's is 3599 s. */
  accessTokenTtlSec?: number;
  /** Clock for token expiry, seeded dates and the video catalog. Default Date.now. */
  now?: () => number;
  /** Registered redirect URIs; when omitted the consent page accepts any. */
  redirectUris?: string[];
  /** YouTube units per Pacific day (search.list costs 100); YouTube's default is 10,000. */
  youtubeDailyQuota?: number;
}

export interface AddAccountInput {
  email: string;
  /** Default: a freshly generated one. */
  refreshToken?: string;
  /** Default: DEFAULT_SCOPES (everything this backend uses). */
  scopes?: string[];
  name?: string;
  /** Calendar time zone, default UTC. */
  timeZone?: string;
}

export interface SeededAccount extends GoogleAccount {
  refreshToken: string;
  scopes: string[];
}

export interface GoogleFake extends FakeServer {
  readonly apiKey: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** `${url}/`: the `rootUrl` option of calendar()/gmail()/youtube(). */
  readonly rootUrl: string;
  /** Ready for `new OAuth2Client({ clientId, clientSecret, endpoints })`. */
  readonly endpoints: { oauth2TokenUrl: string; oauth2AuthBaseUrl: string; oauth2RevokeUrl: string; tokenInfoUrl: string };
  addAccount(input: AddAccountInput): SeededAccount;
  account(email: string): GoogleAccount | undefined;
  /** Mint an access token directly (no /token call). Returns the token string. */
  issueAccessToken(email: string, opts?: { expiresInSec?: number; scopes?: string[] }): string;
  /** Register an authorization code as if the user had consented; returns the code. */
  createAuthCode(p: Omit<PendingCode, 'code' | 'expiresAt' | 'clientId' | 'scopes' | 'offline'> & { scopes?: string[]; offline?: boolean }): string;
  setConsent(behavior: ConsentBehavior): void;
  revokeRefreshToken(token: string): boolean;
  /** Google stops accepting this access token now (401), while its refresh token still works. */
  expireAccessToken(token: string): boolean;
  seedEvents(email: string, calendarId: string, events: SeedEvent[]): CalendarEvent[];
  calendarEvents(email: string, calendarId?: string): StoredEvent[];
  seedMessages(email: string, messages: SeedMessage[]): StoredMessage[];
  messages(email: string): StoredMessage[];
  sentMessages(email: string): SentMessage[];
  /** Gmail watches, history expiry and Calendar channels (and delivering their notifications). */
  readonly push: PushState;
  /** The YouTube daily quota: `spent`, `limit` (settable) and `exhaust()`. */
  readonly youtubeQuota: YoutubeQuota;
  /** Requests that reached POST /token (optionally of one grant_type). */
  tokenCalls(grantType?: 'refresh_token' | 'authorization_code'): number;
}

export async function startGoogleFake(opts: GoogleFakeOptions = {}): Promise<GoogleFake> {
  const now = opts.now ?? Date.now;
  const apiKey = opts.apiKey ?? 'AIzaSyFAKE-loopback-api-key-0000000000';
  const clientId = opts.clientId ?? '123456789012-fake.apps.googleusercontent.com';
  const clientSecret = opts.clientSecret ?? 'GOCSPX-fake-client-secret';
  const oauth = new OAuthState({
    clientId,
    clientSecret,
    accessTokenTtlSec: opts.accessTokenTtlSec ?? 3599,
    rotateRefreshTokens: opts.rotateRefreshTokens ?? false,
    now,
  });
  const ctx: GoogleContext = {
    oauth,
    calendar: new CalendarStore(now),
    gmail: new GmailStore(now),
    videos: () => catalog(now()),
    quota: new YoutubeQuota(now, opts.youtubeDailyQuota),
    apiKey,
    consent: { redirectUris: opts.redirectUris },
    now,
  };
  const push = new PushState(now);
  const routes = [
    ...oauthRoutes(ctx),
    ...calendarRoutes(ctx),
    ...freeBusyRoutes(ctx),
    ...calendarGetRoutes(ctx),
    ...gmailRoutes(ctx),
    ...youtubeRoutes(ctx),
    ...gmailPushRoutes(ctx, push),
    ...calendarWatchRoutes(ctx, push),
  ];
  const server = await startFakeServer(routes, { port: opts.port, name: 'google', errorBody: defaultGoogleError });

  return {
    ...server,
    apiKey,
    clientId,
    clientSecret,
    rootUrl: `${server.url}/`,
    push,
    youtubeQuota: ctx.quota,
    endpoints: {
      oauth2TokenUrl: `${server.url}/token`,
      oauth2AuthBaseUrl: `${server.url}/o/oauth2/v2/auth`,
      oauth2RevokeUrl: `${server.url}/revoke`,
      tokenInfoUrl: `${server.url}/tokeninfo`,
    },
    addAccount: (input) => {
      const account = oauth.addAccount(input.email, input);
      const scopes = input.scopes ?? DEFAULT_SCOPES;
      const refreshToken = input.refreshToken ?? newRefreshToken();
      oauth.addGrant(account.email, scopes, refreshToken);
      ctx.calendar.calendar(account.email, 'primary');
      return { ...account, refreshToken, scopes };
    },
    account: (email) => oauth.account(email),
    issueAccessToken: (email, o = {}) => oauth.issueAccessToken({ email, scopes: o.scopes ?? DEFAULT_SCOPES, ttlSec: o.expiresInSec }).token,
    createAuthCode: (p) =>
      oauth.createCode({ ...p, clientId, scopes: p.scopes ?? DEFAULT_SCOPES, offline: p.offline ?? true, email: oauth.requireAccount(p.email).email }),
    setConsent: (behavior) => void (ctx.consent = { redirectUris: opts.redirectUris, ...behavior }),
    revokeRefreshToken: (token) => oauth.revoke(token),
    expireAccessToken: (token) => oauth.expireAccessToken(token),
    seedEvents: (email, calendarId, events) => {
      oauth.requireAccount(email);
      return events.map((e) => ctx.calendar.insert(email, calendarId, e));
    },
    calendarEvents: (email, calendarId = 'primary') => [...(ctx.calendar.calendar(email, calendarId) ?? [])],
    seedMessages: (email, messages) => {
      oauth.requireAccount(email);
      return messages.map((m) => ctx.gmail.seed(email, m));
    },
    messages: (email) => [...ctx.gmail.messages(email)],
    sentMessages: (email) => ctx.gmail.sent(email),
    tokenCalls: (grantType) =>
      server.requests.filter(
        (r) => r.method === 'POST' && r.path === '/token' && (!grantType || new URLSearchParams(r.rawBody).get('grant_type') === grantType),
      ).length,
  };
}

const REASONS: Record<number, string> = {
  400: 'badRequest',
  401: 'authError',
  403: 'forbidden',
  404: 'notFound',
  429: 'rateLimitExceeded',
  500: 'backendError',
  503: 'backendError',
};

/** Error body for unknown routes and faults injected without one. */
function defaultGoogleError(status: number, message: string): unknown {
  return googleErrorBody(status, message, { reason: REASONS[status] ?? 'unknown' });
}
