// In-memory model of the slice of X the backend touches: users, OAuth 2.0 grants and tokens,
// authorization codes, posted Tweets and per-user rate-limit windows.
// Identifiers come from counters so a fresh fake seeded the same way yields the same values.

export interface XUser {
  id: string;
  username: string;
  name: string;
  /** Optional profile fields, answered when `user.fields` asks for them. */
  description?: string;
  location?: string;
  url?: string;
  created_at?: string;
  protected?: boolean;
  verified?: boolean;
  profile_image_url?: string;
}

export interface XTweet {
  id: string;
  text: string;
  authorId: string;
  authorUsername: string;
  inReplyToTweetId?: string;
  createdAt: string;
}

export interface AccessTokenRecord {
  userId: string;
  grantId: number;
  scope: string;
  expiresAt: number;
}

export interface RefreshTokenRecord {
  userId: string;
  grantId: number;
  scope: string;
}

export interface AuthCodeRecord {
  userId: string;
  clientId: string;
  redirectUri: string;
  scope: string;
  codeChallenge: string;
  codeChallengeMethod: string;
  state: string;
  expiresAt: number;
  used: boolean;
}

export interface TokenCall {
  endpoint: 'token' | 'revoke';
  grantType?: string;
  status: number;
  /** OAuth error code when the call failed. */
  error?: string;
  at: number;
}

export interface IssuedTokens {
  accessToken: string;
  refreshToken?: string;
  expiresIn: number;
  scope: string;
}

export const DEFAULT_SCOPE = 'tweet.read tweet.write users.read offline.access';
/** X's user access tokens live two hours. */
export const DEFAULT_EXPIRES_IN_SEC = 7200;
/** X authorization codes are valid for 30 seconds. */
export const AUTH_CODE_TTL_MS = 30_000;
// Snowflake-sized base so ids look like real 19-digit Tweet ids.
const TWEET_ID_BASE = 1_900_000_000_000_000_000n;

export class XState {
  readonly users = new Map<string, XUser>();
  readonly accessTokens = new Map<string, AccessTokenRecord>();
  readonly refreshTokens = new Map<string, RefreshTokenRecord>();
  readonly authCodes = new Map<string, AuthCodeRecord>();
  readonly tweets: XTweet[] = [];
  readonly tokenCalls: TokenCall[] = [];
  /** key `${userId} ${endpoint}` → window. */
  readonly rateWindows = new Map<string, { resetAt: number; used: number }>();
  private seq = { tweet: 0n, token: 0, code: 0, grant: 0 };

  constructor(readonly now: () => number) {}

  addUser(user: XUser): XUser {
    this.users.set(user.id, { ...user });
    return user;
  }

  nextTweetId(): string {
    this.seq.tweet += 1n;
    return String(TWEET_ID_BASE + this.seq.tweet);
  }

  nextCode(): string {
    this.seq.code += 1;
    return `x-fake-code-${this.seq.code}`;
  }

  /** Starts a new grant (authorization) and issues its first token pair. */
  newGrant(userId: string, scope: string, expiresInSec: number): IssuedTokens {
    this.seq.grant += 1;
    return this.issue(userId, this.seq.grant, scope, expiresInSec);
  }

  /** Issues a token pair within a grant; a refresh token only with offline.access, as X does. */
  issue(userId: string, grantId: number, scope: string, expiresInSec: number): IssuedTokens {
    this.seq.token += 1;
    const n = this.seq.token;
    const accessToken = `x-fake-access-${n}`;
    this.accessTokens.set(accessToken, { userId, grantId, scope, expiresAt: this.now() + expiresInSec * 1000 });
    let refreshToken: string | undefined;
    if (scope.split(' ').includes('offline.access')) {
      refreshToken = `x-fake-refresh-${n}`;
      this.refreshTokens.set(refreshToken, { userId, grantId, scope });
    }
    return { accessToken, refreshToken, expiresIn: expiresInSec, scope };
  }

  /** The user behind a live access token, or undefined for unknown/expired/revoked ones. */
  userForAccessToken(token: string): XUser | undefined {
    return this.callerFor(token)?.user;
  }

  /** The user and granted scopes (space-separated) behind a live access token. */
  callerFor(token: string): { user: XUser; scope: string } | undefined {
    const rec = this.accessTokens.get(token);
    const user = rec && rec.expiresAt > this.now() ? this.users.get(rec.userId) : undefined;
    return rec && user ? { user, scope: rec.scope } : undefined;
  }

  /** Revoking either token of a grant ends the whole grant (the app is disconnected). */
  revokeGrant(grantId: number): void {
    for (const [t, r] of this.accessTokens) if (r.grantId === grantId) this.accessTokens.delete(t);
    for (const [t, r] of this.refreshTokens) if (r.grantId === grantId) this.refreshTokens.delete(t);
  }
}
