// twitter-api-v2 hard-codes X's hosts and has no base-URL option. This plugin re-targets every
// request at a configured base URL (an API gateway, a regional proxy, a local stand-in), which
// is how a deployment that sets X_API_BASE_URL is served. Production without that setting
// simply does not install the plugin.
//
// The rewrite happens in onBeforeRequest, i.e. after OAuth 1.0a signing: the signature keeps
// covering the canonical X URL, which is what a transparent proxy forwards upstream.
// For a plain http:// base URL also give the client `{ httpAgent: new http.Agent() }`: the library
// issues requests through https.request, which refuses http: unless handed an http agent.
import type { ITwitterApiClientPlugin } from 'twitter-api-v2';

/** Hosts the library (and its OAuth 2.0 consent link) talk to. */
const X_HOSTS = new Set(['api.x.com', 'api.twitter.com', 'upload.x.com', 'upload.twitter.com', 'stream.x.com', 'stream.twitter.com', 'x.com', 'twitter.com']);

/**
 * Points an X URL at `baseUrl`, keeping its path (under the base URL's own path, if any),
 * query and fragment. URLs on other hosts are returned unchanged. Mutates and returns `url`.
 */
export function rewriteXUrlInPlace(url: URL, baseUrl: string): URL {
  if (!X_HOSTS.has(url.hostname)) return url;
  const base = new URL(baseUrl);
  const prefix = base.pathname.replace(/\/+$/, '');
  url.protocol = base.protocol;
  url.host = base.host; // hostname + port ('' port clears a previous one)
  url.port = base.port;
  url.username = base.username;
  url.password = base.password;
  url.pathname = prefix + url.pathname;
  return url;
}

/** String form of rewriteXUrlInPlace, e.g. for the consent link from generateOAuth2AuthLink. */
export function rewriteXUrl(url: string, baseUrl: string): string {
  return rewriteXUrlInPlace(new URL(url), baseUrl).toString();
}

export function baseUrlPlugin(baseUrl: string): ITwitterApiClientPlugin {
  // Fail at start-up, not on the first request, when the setting is malformed.
  const parsed = new URL(baseUrl);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new Error(`X base URL must be http(s), got ${parsed.protocol}`);
  }
  return {
    onBeforeRequest({ computedParams }) {
      // The request is built from this very URL object after the hook returns.
      rewriteXUrlInPlace(computedParams.url, baseUrl);
    },
    onOAuth2RequestToken({ result }) {
      // Runs synchronously inside generateOAuth2AuthLink when this plugin is the first one,
      // so the returned link already points at the base URL. Call rewriteXUrl yourself if
      // other plugins come first.
      result.url = rewriteXUrl(result.url, baseUrl);
    },
  };
}
