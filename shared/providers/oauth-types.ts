// The shapes shared by the providers' connect-flow modules (google-oauth.ts, x-oauth.ts).

export interface ConsentRequest {
  redirectUri: string;
  scopes: readonly string[];
  state: string;
  codeChallenge: string;
  /** Google only: pre-selects the account when reconnecting a known one. */
  loginHint?: string;
}

/** What a completed consent yields: who consented, the tokens and the scopes really granted. */
export interface ProviderGrant {
  /** Google: the email; X: the user id. */
  account: string;
  email?: string;
  /** Google: userinfo's email_verified. An unverified address is never treated as the user's own. */
  emailVerified?: boolean;
  username?: string;
  accessToken: string;
  refreshToken?: string;
  /** ms since epoch */
  expiryDate?: number;
  scopes: string[];
}
