import type { OAuth2Client } from 'google-auth-library';

// The per-request Google auth client. Google can refuse an access token the app still believes
// fresh (revoked early, clock skew, a key rotation at Google): it answers 401. Rather than send
// the person to reconnect at once, the client gets a new token once — through the refresh
// single-flight, which only calls Google when the stored token is still the refused one — and
// repeats the request. A 401 means Google did not act on it, so repeating even a write is safe.
// google-auth-library's own retry on failure is not used: it also fires on every 403 (quota,
// permissions), where a refresh helps nothing and a repeat spends quota again.

type RequestOptions = Parameters<OAuth2Client['request']>[0];

export interface SessionTokens {
  accessToken: string;
  expiryDate?: number;
}

export interface SessionAuthOptions {
  clientId: string;
  eagerRefreshThresholdMillis: number;
  /** The token in hand. */
  tokens: SessionTokens;
  /** A token other than `rejected` (refreshing only if the stored one is still `rejected`). */
  replace(rejected: string | undefined): Promise<SessionTokens>;
}

export async function sessionAuthClient(o: SessionAuthOptions): Promise<OAuth2Client> {
  const { OAuth2Client } = await import('google-auth-library');
  class SessionAuthClient extends OAuth2Client {
    protected override async requestAsync<T>(opts: RequestOptions, reAuthRetried = false) {
      try {
        return await super.requestAsync<T>(opts, true);
      } catch (e) {
        if (reAuthRetried || statusOf(e) !== 401 || isStream(opts.data)) throw e;
        const fresh = await o.replace(this.credentials.access_token ?? undefined);
        this.setCredentials({ access_token: fresh.accessToken, expiry_date: fresh.expiryDate });
        return super.requestAsync<T>(opts, true);
      }
    }
  }
  const auth = new SessionAuthClient({ clientId: o.clientId, eagerRefreshThresholdMillis: o.eagerRefreshThresholdMillis });
  auth.setCredentials({ access_token: o.tokens.accessToken, expiry_date: o.tokens.expiryDate });
  // Should the token expire during a long request, the library asks for a new one here.
  auth.refreshHandler = async () => {
    const fresh = await o.replace(undefined);
    return { access_token: fresh.accessToken, expiry_date: fresh.expiryDate ?? Date.now() + o.eagerRefreshThresholdMillis };
  };
  return auth;
}

function statusOf(e: unknown): number | undefined {
  const status = (e as { response?: { status?: unknown }; status?: unknown })?.response?.status ?? (e as { status?: unknown })?.status;
  return typeof status === 'number' ? status : undefined;
}

/** A streamed body (a media upload) cannot be sent twice. */
const isStream = (data: unknown) => typeof (data as { pipe?: unknown } | undefined)?.pipe === 'function';
