import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { Config } from '../config';
import { AppError } from '../errors';

// Who is calling. Production: a Firebase ID token (RS256, signed by the securetoken service
// account, iss https://securetoken.google.com/<project>, aud <project>), verified with jose
// against Google's JWKS, which jose caches and refreshes on an unknown kid.
// Dev mode (AUTH_MODE=dev, refused on Cloud Run by loadConfig): no header → "dev-user",
// "Bearer dev:<uid>" → <uid>.

export interface Caller {
  uid: string;
  email?: string;
  /** Seconds since epoch of the user's last sign-in; "fresh identity" checks use it. */
  authTime?: number;
  /**
   * 'service': work the backend does for the user on its own (push notifications, digests);
   * 'access_token': an MCP client holding a personal access token the user created (never a person:
   * it cannot decide approvals).
   */
  via: 'firebase' | 'dev' | 'service' | 'access_token';
}

export type CallerVerifier = (authorization: string | undefined) => Promise<Caller>;

const DEV_UID = /^[\w.@-]{1,128}$/;

export function createCallerVerifier(config: Config, keys?: JWTVerifyGetKey): CallerVerifier {
  if (config.authMode === 'dev') return async (authorization) => devCaller(authorization);
  let jwks = keys;
  return async (authorization) => {
    const token = bearer(authorization);
    jwks ??= createRemoteJWKSet(new URL(config.firebaseJwksUrl), { cooldownDuration: 30_000, timeoutDuration: 5_000 });
    try {
      const { payload } = await jwtVerify(token, jwks, {
        issuer: `https://securetoken.google.com/${config.firebaseProjectId}`,
        audience: config.firebaseProjectId,
        algorithms: ['RS256'],
        clockTolerance: 5,
      });
      if (typeof payload.sub !== 'string' || payload.sub.length === 0 || payload.sub.length > 128) throw new Error('bad sub');
      const authTime = typeof payload.auth_time === 'number' ? payload.auth_time : undefined;
      if (authTime !== undefined && authTime * 1000 > Date.now() + 5_000) throw new Error('auth_time in the future');
      return { uid: payload.sub, email: typeof payload.email === 'string' ? payload.email : undefined, authTime, via: 'firebase' };
    } catch (e) {
      throw new AppError('unauthenticated', 'The ID token is invalid or expired.', { cause: e });
    }
  };
}

export function bearer(authorization: string | undefined): string {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match?.[1]) throw new AppError('unauthenticated', 'Send "Authorization: Bearer <Firebase ID token>".');
  return match[1];
}

function devCaller(authorization: string | undefined): Caller {
  if (!authorization) return { uid: 'dev-user', via: 'dev', authTime: Math.floor(Date.now() / 1000) };
  const token = bearer(authorization);
  const uid = token.startsWith('dev:') ? token.slice(4) : '';
  if (!DEV_UID.test(uid)) throw new AppError('unauthenticated', 'In dev mode send no Authorization header or "Bearer dev:<uid>".');
  return { uid, via: 'dev', authTime: Math.floor(Date.now() / 1000) };
}
