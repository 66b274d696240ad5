import { expect } from 'vitest';
import type { Harness } from './harness';

// Walks the connect flow as a browser would, one redirect at a time (redirect: 'manual'), so each
// hop can be inspected. The callback URL is built from PUBLIC_BASE_URL, which in the harness is a
// placeholder origin; the walk sends that hop to the harness host instead, as a reverse proxy would.

export interface Hop {
  status: number;
  location?: string;
  json?: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- test convenience
}

/**
 * A browser's cookie jar, per origin. Like Chrome and Firefox on 127.0.0.1 it keeps `Secure`
 * cookies over plain http (the harness host); it sends each origin only its own cookies.
 */
export class Browser {
  private readonly jar = new Map<string, Map<string, string>>();

  cookieHeader(url: string): string | undefined {
    const cookies = this.jar.get(new URL(url).origin);
    return cookies?.size ? [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') : undefined;
  }

  store(url: string, setCookies: string[]): void {
    const origin = new URL(url).origin;
    const cookies = this.jar.get(origin) ?? new Map<string, string>();
    for (const line of setCookies) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq > 0) cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    this.jar.set(origin, cookies);
  }

  cookie(url: string, name: string): string | undefined {
    return this.jar.get(new URL(url).origin)?.get(name);
  }
}

/** The browser the helpers use unless told otherwise (the one that starts and finishes flows). */
export const defaultBrowser = new Browser();

export async function get(url: string, headers: Record<string, string> = {}, browser: Browser = defaultBrowser): Promise<Hop> {
  const cookie = browser.cookieHeader(url);
  const res = await fetch(url, { redirect: 'manual', headers: { ...(cookie ? { cookie } : {}), ...headers } });
  browser.store(url, res.headers.getSetCookie());
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, location: res.headers.get('location') ?? undefined, json };
}

export function oauthStartUrl(h: Harness, params: Record<string, string>): string {
  return `${h.url}/oauth-start?${new URLSearchParams(params).toString()}`;
}

/** oauth-start in JSON mode → the consent URL. */
export async function consentUrl(h: Harness, params: Record<string, string>, headers: Record<string, string> = {}): Promise<string> {
  const res = await get(oauthStartUrl(h, { ...params, mode: 'json' }), headers);
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.json.data.url;
}

/** Sends a provider's redirect to the callback to the harness host. */
export function toHarness(h: Harness, location: string): string {
  const url = new URL(location);
  const base = new URL(h.env.PUBLIC_BASE_URL ?? '');
  expect(url.origin).toBe(base.origin);
  return `${h.url}${url.pathname}${url.search}`;
}

/** Consent page (approves at once) → callback. Returns the callback's answer. */
export async function approveConsent(h: Harness, consent: string): Promise<Hop> {
  const page = await get(consent);
  expect(page.status, 'consent page redirects back').toBe(302);
  return get(toHarness(h, page.location ?? ''));
}

/** The whole flow: oauth-start (redirect mode) → consent → callback. */
export async function connectThroughFlow(h: Harness, params: Record<string, string>, headers: Record<string, string> = {}): Promise<Hop> {
  const start = await get(oauthStartUrl(h, params), headers);
  expect(start.status, JSON.stringify(start.json)).toBe(302);
  return approveConsent(h, start.location ?? '');
}

/** The callback URL for a state/code pair (for hand-made callbacks in bad-state tests). */
export function callbackUrl(h: Harness, provider: string, params: Record<string, string>): string {
  return `${h.url}/oauth-callback/${provider}?${new URLSearchParams(params).toString()}`;
}
