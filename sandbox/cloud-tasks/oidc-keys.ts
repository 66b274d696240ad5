// Google-style OIDC tokens for the sandbox's Cloud Tasks: what Google's token service mints for a
// task's oidcToken (iss https://accounts.google.com, aud, the service account's email,
// email_verified), signed by a key whose JWKS a loopback server publishes — the backend is pointed
// at it with GOOGLE_OIDC_JWKS_URL, as it is at Google's certs in production.
import { createServer } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

export interface OidcKeys {
  jwksUrl: string;
  sign(email: string, audience: string): Promise<string>;
  close(): Promise<void>;
}

export async function startOidcKeys(): Promise<OidcKeys> {
  const kid = 'sandbox-tasks-1';
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }] });
  const server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(jwks);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    jwksUrl: `http://127.0.0.1:${port}/oauth2/v3/certs`,
    sign: (email, audience) =>
      new SignJWT({ email, email_verified: true })
        .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
        .setIssuer('https://accounts.google.com')
        .setAudience(audience)
        .setSubject('100000000000000000001')
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(privateKey),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
