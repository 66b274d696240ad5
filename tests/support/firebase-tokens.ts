import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';

// A loopback stand-in for Google's securetoken JWKS endpoint, and a signer that mints Firebase
// ID tokens the way Firebase Auth does (RS256, kid header, iss/aud/sub/auth_time).

export interface TokenMint {
  jwksUrl: string;
  sign(
    claims: Record<string, unknown>,
    opts?: { projectId?: string; expiresInSec?: number; kid?: string; issuer?: string; audience?: string },
  ): Promise<string>;
  close(): Promise<void>;
}

export async function startTokenMint(projectId: string): Promise<TokenMint> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const stranger = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
  const server: Server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.setHeader('cache-control', 'public, max-age=3600');
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    jwksUrl: `http://127.0.0.1:${port}/jwks`,
    async sign(claims, o = {}) {
      const now = Math.floor(Date.now() / 1000);
      const key = o.kid === 'stranger' ? stranger.privateKey : privateKey;
      return new SignJWT({ auth_time: now, ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: o.kid === 'stranger' ? 'key-1' : (o.kid ?? 'key-1') })
        .setIssuer(o.issuer ?? `https://securetoken.google.com/${o.projectId ?? projectId}`)
        .setAudience(o.audience ?? o.projectId ?? projectId)
        .setIssuedAt(now)
        .setExpirationTime(now + (o.expiresInSec ?? 3600))
        .sign(key);
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
