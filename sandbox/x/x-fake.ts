// Loopback fake of the X API slice the backend uses, driven by the real twitter-api-v2 client
// (see shared/providers/x/base-url-plugin.ts for how requests get here). Built on the shared
// loopback base, so recording and fault injection behave as in every other provider fake.
import http from 'node:http';
import { userTimeline } from './timeline-route';
import { startFakeServer, type Fault, type FakeServer } from '../fake-server';
import { DEFAULT_SCOPE, DEFAULT_EXPIRES_IN_SEC, XState, type IssuedTokens, type TokenCall, type XTweet, type XUser } from './state';
import { createTweet, DEFAULT_RATE_LIMITS, type RateLimitRules } from './api-routes';
import { usersMe } from './users-me';
import { authorize, revoke, token, type ConsentSettings, type OAuthConfig } from './oauth-routes';
import { serviceUnavailable, tooManyRequests } from './errors';

export interface XFakeOptions extends OAuthConfig {
  rateLimits?: Partial<RateLimitRules>;
  /** Clock in epoch ms; defaults to Date.now so vitest fake timers apply. */
  now?: () => number;
  /** Fixed port (the dev sandbox); random when omitted. */
  port?: number;
}

type FaultTarget = { match?: Fault['match'] /** default 1; Infinity = until clearFaults() */; times?: number };

export interface RateLimitFault extends FaultTarget {
  /** Epoch seconds for x-rate-limit-reset; default now + 15 min. */
  resetAt?: number;
  limit?: number;
  /** Also send X's 24-hour user/app cap headers (the daily posting cap). */
  daily?: boolean;
}

export interface XFake extends FakeServer {
  readonly clientId: string;
  addUser(user: XUser): XUser;
  /** Mints a token pair as if the user had just connected the app (new grant). */
  issueTokens(userId: string, opts?: { expiresInSec?: number; scope?: string }): IssuedTokens & { refreshToken: string };
  /** Ends an access token's life now, without revoking its grant. */
  expireAccessToken(accessToken: string): void;
  /** Adds a Tweet (e.g. by another account) that can be replied to. Returns its id. */
  addTweet(authorId: string, text: string): string;
  tweets(): XTweet[];
  tokenCalls(): TokenCall[];
  setConsent(settings: ConsentSettings): void;
  /** 429 in X's shape with x-rate-limit-* headers (reset in epoch seconds). */
  injectRateLimit(fault?: RateLimitFault): void;
  injectUnavailable(target?: FaultTarget): void;
  /** Slows matching requests down, then lets the real route answer. */
  injectDelay(delayMs: number, target?: FaultTarget): void;
}

/** X's problem shape for 404s, crashes and injected faults without a body. */
const xErrorBody = (status: number, message: string) => ({
  title: http.STATUS_CODES[status] ?? 'Error',
  type: 'about:blank',
  status,
  detail: message,
});

export async function startXFake(options: XFakeOptions): Promise<XFake> {
  const state = new XState(options.now ?? (() => Date.now()));
  const rules: RateLimitRules = { ...DEFAULT_RATE_LIMITS, ...options.rateLimits };
  let consent: ConsentSettings = {};

  const server = await startFakeServer(
    [
      { method: 'POST', pattern: /^\/2\/tweets$/, handle: (req) => createTweet(state, rules, req) },
      { method: 'GET', pattern: /^\/2\/users\/me$/, handle: (req) => usersMe(state, rules, req) },
      { method: 'GET', pattern: /^\/2\/users\/(?<id>\d{1,19})\/tweets$/, handle: (req) => userTimeline(state, rules, req) },
      { method: 'POST', pattern: /^\/2\/oauth2\/token$/, handle: (req) => token(state, options, req) },
      { method: 'POST', pattern: /^\/2\/oauth2\/revoke$/, handle: (req) => revoke(state, options, req) },
      { method: 'GET', pattern: /^\/i\/oauth2\/authorize$/, handle: (req) => authorize(state, options, consent, req) },
    ],
    { name: 'x', port: options.port, errorBody: xErrorBody },
  );

  return {
    ...server,
    clientId: options.clientId,
    addUser: (user) => state.addUser(user),
    issueTokens(userId, opts = {}) {
      if (!state.users.has(userId)) throw new Error(`X fake: unknown user ${userId}`);
      const scope = opts.scope ?? DEFAULT_SCOPE;
      const t = state.newGrant(userId, scope, opts.expiresInSec ?? DEFAULT_EXPIRES_IN_SEC);
      if (!t.refreshToken) throw new Error('X fake: issueTokens needs offline.access in scope to return a refresh token');
      return { ...t, refreshToken: t.refreshToken };
    },
    expireAccessToken(accessToken) {
      const rec = state.accessTokens.get(accessToken);
      if (rec) rec.expiresAt = state.now();
    },
    addTweet(authorId, text) {
      const author = state.users.get(authorId);
      if (!author) throw new Error(`X fake: unknown user ${authorId}`);
      const id = state.nextTweetId();
      state.tweets.push({ id, text, authorId, authorUsername: author.username, createdAt: new Date(state.now()).toISOString() });
      return id;
    },
    tweets: () => state.tweets.map((t) => ({ ...t })),
    tokenCalls: () => state.tokenCalls.map((c) => ({ ...c })),
    setConsent(settings) {
      consent = { ...settings };
    },
    injectRateLimit(fault = {}) {
      const reset = String(fault.resetAt ?? Math.floor(state.now() / 1000) + 900);
      const headers: Record<string, string> = {
        'x-rate-limit-limit': String(fault.limit ?? 100),
        'x-rate-limit-remaining': '0',
        'x-rate-limit-reset': reset,
      };
      if (fault.daily) {
        Object.assign(headers, {
          'x-user-limit-24hour-limit': '100',
          'x-user-limit-24hour-remaining': '0',
          'x-user-limit-24hour-reset': reset,
          'x-app-limit-24hour-limit': '10000',
          'x-app-limit-24hour-remaining': '9000',
          'x-app-limit-24hour-reset': reset,
        });
      }
      const r = tooManyRequests(headers);
      server.inject({ match: fault.match, times: fault.times, status: r.status, body: r.body, headers });
    },
    injectUnavailable(target = {}) {
      const r = serviceUnavailable();
      server.inject({ match: target.match, times: target.times, status: r.status, body: r.body });
    },
    injectDelay(delayMs, target = {}) {
      // status is ignored with passThrough; 200 only because the base treats 0 as "drop socket".
      server.inject({ match: target.match, times: target.times, delayMs, status: 200, passThrough: true });
    },
  };
}
