import { consoleHeaders } from './console-headers';
import { HOSTING_DIR } from './console-site';
import type { ManifestEntry } from './manifest';

// The Hosting section of firebase.json, derived from the deploy manifest: every HTTPS function a
// browser or provider may call is served under one domain at /api/<name> (and /api/<name>/...,
// for functions that read a path suffix, e.g. /oauth-callback/google). 'service' functions are
// left out: only Pub/Sub and Scheduler call them, on their own URLs, with OIDC tokens. The site
// itself is the console (dist/hosting, written by the build), served with the same strict headers
// as on the dev host (console-headers.ts), Google sign-in flavour.

/** infra/variables.tf `region` default; tests/unit/firebase-hosting.test.ts keeps them equal. */
export const DEFAULT_REGION = 'europe-west1';
export const API_PREFIX = '/api';
const WELL_KNOWN_PRM = '/.well-known/oauth-protected-resource';

export interface FunctionRewrite {
  source: string;
  function: { functionId: string; region: string };
}

export interface HostingHeaders {
  source: string;
  headers: { key: string; value: string }[];
}

export interface HostingConfig {
  public: string;
  ignore: string[];
  headers: HostingHeaders[];
  rewrites: FunctionRewrite[];
}

export function hostedFunctions(manifest: readonly ManifestEntry[]): ManifestEntry[] {
  return manifest.filter((m) => m.trigger === 'http' && m.access !== 'service');
}

export function hostingConfig(manifest: readonly ManifestEntry[], region = DEFAULT_REGION): HostingConfig {
  const rewrites = [...hostedFunctions(manifest)]
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((m) => {
      const target = { functionId: m.name, region };
      return [
        { source: `${API_PREFIX}/${m.name}`, function: target },
        { source: `${API_PREFIX}/${m.name}/**`, function: target },
        // RFC 9728 §3.1: the metadata of the resource <domain>/api/<name> is looked up here.
        ...(m.protectedResource ? [{ source: `${WELL_KNOWN_PRM}${API_PREFIX}/${m.name}`, function: target }] : []),
      ];
    });
  const security = Object.entries(consoleHeaders('firebase')).map(([key, value]) => ({ key, value }));
  // The console's files keep their names between deploys (app.js): always revalidate them.
  const revalidate = [{ key: 'Cache-Control', value: 'no-cache' }];
  return {
    public: HOSTING_DIR,
    ignore: ['**/.*'],
    headers: [
      { source: '**', headers: security },
      { source: '**/*.@(html|js|css|json)', headers: revalidate },
    ],
    rewrites,
  };
}

/** firebase.json with its `hosting` section replaced and every other section kept as is. */
export function withHosting(firebaseJson: Record<string, unknown>, hosting: HostingConfig): Record<string, unknown> {
  return { ...firebaseJson, hosting };
}
