import type { TwitterApi } from 'twitter-api-v2';
import { Agent } from 'node:http';
import type { Config } from '../../config';

/** twitter-api-v2 has no base-URL option; a plugin redirects requests when one is configured. */
export async function xClient(config: Config, auth: string | { clientId: string; clientSecret: string }): Promise<TwitterApi> {
  const { TwitterApi } = await import('twitter-api-v2');
  const base = config.x.apiBaseUrl;
  const make = (settings: ConstructorParameters<typeof TwitterApi>[1]) =>
    typeof auth === 'string' ? new TwitterApi(auth, settings) : new TwitterApi(auth, settings);
  if (!base) return make({});
  const { baseUrlPlugin } = await import('./base-url-plugin');
  // A plain-http agent: the configured base (a loopback fake, a proxy) may not speak TLS.
  const httpAgent = base.startsWith('http:') ? new Agent({ keepAlive: true }) : undefined;
  return make({ plugins: [baseUrlPlugin(base)], ...(httpAgent ? { httpAgent } : {}) });
}
