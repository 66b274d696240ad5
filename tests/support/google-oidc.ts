import { startOidcIssuer } from '../../sandbox/pubsub/oidc-issuer';

// Google-signed OIDC tokens as Pub/Sub push and Cloud Scheduler send them, from the sandbox's
// loopback issuer (sandbox/pubsub/oidc-issuer.ts), with the test suite's fixed push account and
// audience base. `kid: 'stranger'` signs with a key the JWKS never published.

export const PUSH_SA = 'push-invoker@test-project.iam.gserviceaccount.com';
export const AUDIENCE_BASE = 'https://functions.test.example';

export interface OidcMint {
  jwksUrl: string;
  /** A token for `fn` as the push service account, unless told otherwise. */
  token(fn: string, o?: { email?: string; emailVerified?: boolean; audience?: string; expiresInSec?: number; kid?: string; issuer?: string }): Promise<string>;
  /** Environment the backend needs to accept these tokens. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startOidcMint(): Promise<OidcMint> {
  const issuer = await startOidcIssuer();
  return {
    jwksUrl: issuer.jwksUrl,
    token: (fn, o = {}) =>
      issuer.idToken({
        email: o.email ?? PUSH_SA,
        emailVerified: o.emailVerified,
        audience: o.audience ?? `${AUDIENCE_BASE}/${fn}`,
        expiresInSec: o.expiresInSec,
        issuer: o.issuer,
        forged: o.kid === 'stranger',
        kid: o.kid === 'stranger' ? undefined : o.kid,
      }),
    env: { GOOGLE_OIDC_JWKS_URL: issuer.jwksUrl, PUSH_SERVICE_ACCOUNT_EMAIL: PUSH_SA, PUSH_AUDIENCE_BASE_URL: AUDIENCE_BASE },
    close: () => issuer.close(),
  };
}
