import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildConsole, type ConsoleBuild } from './console-build';
import { CLOUD_FUNCTIONS_DOMAIN } from './console-headers';

// What Firebase Hosting publishes (firebase.json `hosting.public`): the console at /, its
// production configuration (Google sign-in, functions under /api, chat and approvals on the
// functions' own URL when CONSOLE_DIRECT_API_BASE is set) and the OpenAPI document.
// Written by `npm run build` into dist/hosting/, never committed.

export const HOSTING_DIR = 'dist/hosting';

/** The production console-config.json; the Firebase web config comes from /__/firebase/init.json. */
export const PRODUCTION_CONSOLE_CONFIG = { auth: 'firebase', api_base: '/api' } as const;

/**
 * The production config with, when CONSOLE_DIRECT_API_BASE names one, the functions' own URL base
 * for the calls that may outlast Hosting's 60 s (chat, approvals). It must be a Cloud Functions
 * origin: the console's CSP lets it connect there (console-headers.ts) and nowhere else.
 */
export function productionConsoleConfig(directApiBase = process.env.CONSOLE_DIRECT_API_BASE): Record<string, string> {
  if (!directApiBase) return { ...PRODUCTION_CONSOLE_CONFIG };
  const url = URL.canParse(directApiBase) ? new URL(directApiBase) : undefined;
  if (url?.protocol !== 'https:' || !url.hostname.endsWith(CLOUD_FUNCTIONS_DOMAIN) || url.pathname !== '/' || url.search) {
    throw new Error(`CONSOLE_DIRECT_API_BASE must be https://<region>-<project>${CLOUD_FUNCTIONS_DOMAIN} (got "${directApiBase}").`);
  }
  return { ...PRODUCTION_CONSOLE_CONFIG, direct_api_base: url.origin };
}

export async function writeHostingSite(root: string, openapi: unknown): Promise<ConsoleBuild> {
  const out = join(root, HOSTING_DIR);
  rmSync(out, { recursive: true, force: true });
  const site = await buildConsole(root);
  for (const f of site.files) write(join(out, f.path), f.contents);
  write(join(out, 'console-config.json'), `${JSON.stringify(productionConsoleConfig())}\n`);
  write(join(out, 'openapi.json'), `${JSON.stringify(openapi, null, 2)}\n`);
  return site;
}

function write(file: string, contents: string | Uint8Array): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, contents);
}
