import { startTokenMint, type TokenMint } from './firebase-tokens';

// Google-signed OIDC tokens as Pub/Sub push and Cloud Scheduler send them (iss
// https://accounts.google.com, aud = the endpoint URL, email + email_verified of the service
// account), signed by a loopback JWKS the backend is pointed at (GOOGLE_OIDC_JWKS_URL).

export const PUSH_SA = 'push-invoker@test-project.iam.gserviceaccount.com';
export const AUDIENCE_BASE = 'https://functions.test.example';

export interface OidcMint {
  jwksUrl: string;
  mint: TokenMint;
  /** A token for `fn` as the push service account, unless told otherwise. */
  token(fn: string, o?: { email?: string; emailVerified?: boolean; audience?: string; expiresInSec?: number; kid?: string; issuer?: string }): Promise<string>;
  /** Environment the backend needs to accept these tokens. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startOidcMint(): Promise<OidcMint> {
  const mint = await startTokenMint('unused');
  return {
    jwksUrl: mint.jwksUrl,
    mint,
    token: (fn, o = {}) =>
      mint.sign(
        { email: o.email ?? PUSH_SA, email_verified: o.emailVerified ?? true, sub: '111122223333444455556' },
        { issuer: o.issuer ?? 'https://accounts.google.com', audience: o.audience ?? `${AUDIENCE_BASE}/${fn}`, expiresInSec: o.expiresInSec, kid: o.kid },
      ),
    env: { GOOGLE_OIDC_JWKS_URL: mint.jwksUrl, PUSH_SERVICE_ACCOUNT_EMAIL: PUSH_SA, PUSH_AUDIENCE_BASE_URL: AUDIENCE_BASE },
    close: () => mint.close(),
  };
}
