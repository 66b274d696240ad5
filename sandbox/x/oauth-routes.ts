// OAuth 2.0 (authorization code + PKCE) as X runs it:
// - GET /i/oauth2/authorize: the consent page; here it "consents" at once and 302s back.
// - POST /2/oauth2/token: authorization_code and refresh_token grants. X ROTATES refresh
//   tokens: every refresh returns a new pair and the old refresh token stops working.
// - POST /2/oauth2/revoke.
// Confidential clients authenticate with HTTP Basic (client_id:client_secret, each
// form-urlencoded); public clients only send client_id in the form.
import { createHash } from 'node:crypto';
import type { FakeRequest, FakeResponse } from '../fake-server';
import { AUTH_CODE_TTL_MS, DEFAULT_EXPIRES_IN_SEC, type IssuedTokens, type XState } from './state';
import { invalidTokenValue, oauthError } from './errors';

export interface OAuthConfig {
  clientId: string;
  /** Set for a confidential client: the token/revoke endpoints then require HTTP Basic. */
  clientSecret?: string;
  /** When given, the authorize page refuses any other redirect_uri. */
  redirectUris?: string[];
  /** Lifetime of access tokens minted by the token endpoint. */
  accessTokenTtlSec?: number;
}

export interface ConsentSettings {
  /** Who is "logged in" on the consent page; defaults to the first user added. */
  userId?: string;
  /** When true the page redirects back with error=access_denied. */
  deny?: boolean;
}

// X documents form encoding, but twitter-api-v2 sends these bodies as JSON (its body-type
// detection for /2/oauth2 never matches) and X accepts that, so both are read here.
function form(req: FakeRequest): URLSearchParams {
  if (req.json && typeof req.json === 'object' && !Array.isArray(req.json)) {
    const out = new URLSearchParams();
    for (const [k, v] of Object.entries(req.json as Record<string, unknown>)) {
      if (v !== undefined && v !== null) out.set(k, String(v));
    }
    return out;
  }
  return req.form ?? new URLSearchParams(req.rawBody);
}

function basicCredentials(req: FakeRequest): { id: string; secret: string } | undefined {
  const h = req.headers.authorization;
  const m = typeof h === 'string' ? /^Basic\s+(.+)$/i.exec(h) : null;
  if (!m?.[1]) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i < 0) return undefined;
  try {
    return { id: decodeURIComponent(decoded.slice(0, i)), secret: decodeURIComponent(decoded.slice(i + 1)) };
  } catch {
    return undefined;
  }
}

/** Undefined when the caller is the configured client, otherwise the error to answer. */
function authenticateClient(cfg: OAuthConfig, req: FakeRequest, body: URLSearchParams): FakeResponse | undefined {
  if (cfg.clientSecret !== undefined) {
    const basic = basicCredentials(req);
    if (!basic || basic.id !== cfg.clientId || basic.secret !== cfg.clientSecret) {
      return oauthError(401, 'unauthorized_client', 'Missing valid authorization header');
    }
    return undefined;
  }
  if (body.get('client_id') !== cfg.clientId) {
    return oauthError(400, 'invalid_request', 'Missing required parameter [client_id].');
  }
  return undefined;
}

function tokenBody(t: IssuedTokens): Record<string, unknown> {
  const out: Record<string, unknown> = { token_type: 'bearer', expires_in: t.expiresIn, access_token: t.accessToken, scope: t.scope };
  if (t.refreshToken) out.refresh_token = t.refreshToken;
  return out;
}

function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

export function authorize(state: XState, cfg: OAuthConfig, consent: ConsentSettings, req: FakeRequest): FakeResponse {
  const q = Object.fromEntries(req.searchParams) as Record<string, string | undefined>;
  const redirectUri = q.redirect_uri;
  const bad = (why: string): FakeResponse => ({ status: 400, headers: { 'content-type': 'text/plain' }, body: `Something went wrong: ${why}` });
  if (q.response_type !== 'code') return bad('response_type must be code');
  if (q.client_id !== cfg.clientId) return bad('unknown client_id');
  if (!redirectUri) return bad('missing redirect_uri');
  if (cfg.redirectUris && !cfg.redirectUris.includes(redirectUri)) return bad('redirect_uri not registered');
  if (!q.code_challenge) return bad('missing code_challenge');
  const method = (q.code_challenge_method ?? 'plain').toLowerCase();
  if (method !== 's256' && method !== 'plain') return bad('unsupported code_challenge_method');

  const target = new URL(redirectUri);
  if (q.state !== undefined) target.searchParams.set('state', q.state);
  const userId = consent.userId ?? state.users.keys().next().value;
  if (consent.deny || !userId) {
    target.searchParams.set('error', 'access_denied');
    return { status: 302, headers: { location: target.toString() } };
  }
  const code = state.nextCode();
  state.authCodes.set(code, {
    userId,
    clientId: cfg.clientId,
    redirectUri,
    scope: q.scope ?? '',
    codeChallenge: q.code_challenge,
    codeChallengeMethod: method,
    state: q.state ?? '',
    expiresAt: state.now() + AUTH_CODE_TTL_MS,
    used: false,
  });
  target.searchParams.set('code', code);
  return { status: 302, headers: { location: target.toString() } };
}

function exchangeCode(state: XState, cfg: OAuthConfig, body: URLSearchParams): FakeResponse {
  const code = body.get('code') ?? '';
  const rec = state.authCodes.get(code);
  if (!rec || rec.used || rec.expiresAt <= state.now()) return invalidTokenValue();
  if (rec.redirectUri !== body.get('redirect_uri')) return invalidTokenValue();
  const verifier = body.get('code_verifier') ?? '';
  const expected = rec.codeChallengeMethod === 's256' ? s256(verifier) : verifier;
  if (!verifier || expected !== rec.codeChallenge) return invalidTokenValue();
  rec.used = true;
  return { status: 200, body: tokenBody(state.newGrant(rec.userId, rec.scope, cfg.accessTokenTtlSec ?? DEFAULT_EXPIRES_IN_SEC)) };
}

function refresh(state: XState, cfg: OAuthConfig, body: URLSearchParams): FakeResponse {
  const old = body.get('refresh_token') ?? '';
  const rec = state.refreshTokens.get(old);
  if (!rec) return invalidTokenValue();
  // Rotation: the presented refresh token is spent. Access tokens already handed out stay
  // valid until they expire.
  state.refreshTokens.delete(old);
  return { status: 200, body: tokenBody(state.issue(rec.userId, rec.grantId, rec.scope, cfg.accessTokenTtlSec ?? DEFAULT_EXPIRES_IN_SEC)) };
}

export function token(state: XState, cfg: OAuthConfig, req: FakeRequest): FakeResponse {
  const body = form(req);
  const grantType = body.get('grant_type') ?? undefined;
  const out = ((): FakeResponse => {
    const authError = authenticateClient(cfg, req, body);
    if (authError) return authError;
    if (grantType === 'authorization_code') return exchangeCode(state, cfg, body);
    if (grantType === 'refresh_token') return refresh(state, cfg, body);
    return oauthError(400, 'unsupported_grant_type', 'Grant type is not supported.');
  })();
  const error = (out.body as { error?: string } | undefined)?.error;
  state.tokenCalls.push({ endpoint: 'token', grantType, status: out.status, error, at: state.now() });
  return out;
}

export function revoke(state: XState, cfg: OAuthConfig, req: FakeRequest): FakeResponse {
  const body = form(req);
  const authError = authenticateClient(cfg, req, body);
  let out: FakeResponse;
  if (authError) {
    out = authError;
  } else {
    const t = body.get('token') ?? '';
    const rec = state.accessTokens.get(t) ?? state.refreshTokens.get(t);
    if (rec) state.revokeGrant(rec.grantId);
    // Like RFC 7009, unknown tokens are "revoked" too.
    out = { status: 200, body: { revoked: true } };
  }
  const error = (out.body as { error?: string } | undefined)?.error;
  state.tokenCalls.push({ endpoint: 'revoke', status: out.status, error, at: state.now() });
  return out;
}
