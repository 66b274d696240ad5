// A loopback stand-in for Google's OIDC issuer: it serves a JWKS (what GOOGLE_OIDC_JWKS_URL points
// at) and signs ID tokens the way Google does for Pub/Sub push and Cloud Scheduler: RS256 with a
// kid header, iss https://accounts.google.com, aud = the endpoint URL, and the service account's
// email with email_verified. The backend verifies them on its production path
// (shared/triggers/service-auth.ts), so `npm start`'s triggers and the tests are authenticated
// exactly as deployed functions are.
// https://cloud.google.com/pubsub/docs/authenticate-push-subscriptions
import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';

export const GOOGLE_ISSUER = 'https://accounts.google.com';
const KID = 'sandbox-oidc-1';

export interface IdTokenClaims {
  /** The service account the token is minted for. */
  email: string;
  /** The endpoint URL the token is for. */
  audience: string;
  emailVerified?: boolean;
  expiresInSec?: number;
  issuer?: string;
  /** Sign with a key the JWKS does not publish (under the published kid): a forged token. */
  forged?: boolean;
  kid?: string;
}

export interface OidcIssuer {
  /** The JWKS URL (GOOGLE_OIDC_JWKS_URL). */
  jwksUrl: string;
  idToken(claims: IdTokenClaims): Promise<string>;
  close(): Promise<void>;
}

export async function startOidcIssuer(): Promise<OidcIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const stranger = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: KID, alg: 'RS256', use: 'sig' };
  const server: Server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.setHeader('cache-control', 'public, max-age=3600');
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    jwksUrl: `http://127.0.0.1:${port}/oauth2/v3/certs`,
    idToken: (c) => sign(c, c.forged ? stranger.privateKey : privateKey),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

function sign(c: IdTokenClaims, key: CryptoKey): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  // Google's push tokens carry the account's numeric id as sub; a fixed one is as good locally.
  return new SignJWT({ email: c.email, email_verified: c.emailVerified ?? true, sub: '111122223333444455556' })
    .setProtectedHeader({ alg: 'RS256', kid: c.kid ?? KID, typ: 'JWT' })
    .setIssuer(c.issuer ?? GOOGLE_ISSUER)
    .setAudience(c.audience)
    .setIssuedAt(now)
    .setExpirationTime(now + (c.expiresInSec ?? 3600))
    .sign(key);
}
