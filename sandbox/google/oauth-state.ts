// Who exists and what they granted: accounts, OAuth grants (refresh tokens), access tokens and
// pending authorization codes. Revocation follows Google: revoking either token of a grant kills
// the whole grant, so every access token minted from it stops working at once.
import { newAccessToken, newAuthCode, newRefreshToken, subjectFor } from './ids';

export interface GoogleAccount {
  email: string;
  sub: string;
  name: string;
  timeZone: string;
}

export interface Grant {
  email: string;
  clientId: string;
  scopes: string[];
  refreshToken?: string;
  revoked: boolean;
}

export interface AccessTokenRecord {
  token: string;
  email: string;
  scopes: string[];
  expiresAt: number;
  grant?: Grant;
}

export interface PendingCode {
  code: string;
  email: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  offline: boolean;
  codeChallenge?: string;
  codeChallengeMethod?: 'S256' | 'plain';
  expiresAt: number;
}

export interface OAuthConfig {
  clientId: string;
  clientSecret: string;
  accessTokenTtlSec: number;
  rotateRefreshTokens: boolean;
  now: () => number;
}

export class OAuthState {
  readonly accounts = new Map<string, GoogleAccount>();
  private readonly grants = new Map<string, Grant>();
  private readonly tokens = new Map<string, AccessTokenRecord>();
  private readonly codes = new Map<string, PendingCode>();

  constructor(readonly config: OAuthConfig) {}

  addAccount(email: string, opts: { name?: string; timeZone?: string } = {}): GoogleAccount {
    const key = email.toLowerCase();
    const existing = this.accounts.get(key);
    if (existing) return existing;
    const account = { email, sub: subjectFor(email), name: opts.name ?? email.split('@')[0] ?? email, timeZone: opts.timeZone ?? 'UTC' };
    this.accounts.set(key, account);
    return account;
  }

  account(email: string): GoogleAccount | undefined {
    return this.accounts.get(email.toLowerCase());
  }

  requireAccount(email: string): GoogleAccount {
    const a = this.account(email);
    if (!a) throw new Error(`google fake: unknown account ${email}; call addAccount first`);
    return a;
  }

  addGrant(email: string, scopes: string[], refreshToken?: string, clientId = this.config.clientId): Grant {
    const grant: Grant = { email: this.requireAccount(email).email, clientId, scopes, refreshToken, revoked: false };
    if (refreshToken) this.grants.set(refreshToken, grant);
    return grant;
  }

  /** A live (not revoked) grant for this refresh token. */
  grantFor(refreshToken: string): Grant | undefined {
    const g = this.grants.get(refreshToken);
    return g && !g.revoked ? g : undefined;
  }

  /** Replace a grant's refresh token (rotation); the old one stops working. */
  rotate(grant: Grant): string {
    if (grant.refreshToken) this.grants.delete(grant.refreshToken);
    grant.refreshToken = newRefreshToken();
    this.grants.set(grant.refreshToken, grant);
    return grant.refreshToken;
  }

  /** Mint an access token, tied to `grant` when it came from one (so revoking the grant kills it). */
  issueAccessToken(p: { email: string; scopes: string[]; grant?: Grant; ttlSec?: number }): AccessTokenRecord {
    const ttlSec = p.ttlSec ?? this.config.accessTokenTtlSec;
    const rec: AccessTokenRecord = {
      token: newAccessToken(),
      email: this.requireAccount(p.email).email,
      scopes: [...p.scopes],
      expiresAt: this.config.now() + ttlSec * 1000,
      grant: p.grant,
    };
    this.tokens.set(rec.token, rec);
    return rec;
  }

  /** The record behind a bearer token, if it is known, unexpired and its grant still live. */
  lookupAccessToken(token: string): AccessTokenRecord | undefined {
    const rec = this.tokens.get(token);
    if (!rec || rec.expiresAt <= this.config.now() || rec.grant?.revoked) return undefined;
    return rec;
  }

  /** Ends one access token's life now, its grant untouched (an early expiry, a key rotation). */
  expireAccessToken(token: string): boolean {
    const rec = this.tokens.get(token);
    if (rec) rec.expiresAt = this.config.now();
    return rec !== undefined;
  }

  /** Revoke a refresh or access token (Google's /revoke accepts either). False if unknown. */
  revoke(token: string): boolean {
    const grant = this.grants.get(token) ?? this.tokens.get(token)?.grant;
    if (grant) {
      grant.revoked = true;
      return true;
    }
    return this.tokens.delete(token);
  }

  createCode(p: Omit<PendingCode, 'code' | 'expiresAt'>): string {
    const code = newAuthCode();
    this.codes.set(code, { ...p, code, expiresAt: this.config.now() + 10 * 60_000 });
    return code;
  }

  /** Codes are single-use: taking one consumes it, even if the exchange then fails. */
  takeCode(code: string): PendingCode | undefined {
    const p = this.codes.get(code);
    this.codes.delete(code);
    return p && p.expiresAt > this.config.now() ? p : undefined;
  }
}
