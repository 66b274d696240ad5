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

export async function get(url: string, headers: Record<string, string> = {}): Promise<Hop> {
  const res = await fetch(url, { redirect: 'manual', headers });
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
