import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildConsole, type ConsoleBuild } from './console-build';

// What Firebase Hosting publishes (firebase.json `hosting.public`): the console at /, its
// production configuration (Google sign-in, functions under /api) and the OpenAPI document.
// Written by `npm run build` into dist/hosting/, never committed.

export const HOSTING_DIR = 'dist/hosting';

/** The production console-config.json; the Firebase web config comes from /__/firebase/init.json. */
export const PRODUCTION_CONSOLE_CONFIG = { auth: 'firebase', api_base: '/api' } as const;

export async function writeHostingSite(root: string, openapi: unknown): Promise<ConsoleBuild> {
  const out = join(root, HOSTING_DIR);
  rmSync(out, { recursive: true, force: true });
  const site = await buildConsole(root);
  for (const f of site.files) write(join(out, f.path), f.contents);
  write(join(out, 'console-config.json'), `${JSON.stringify(PRODUCTION_CONSOLE_CONFIG)}\n`);
  write(join(out, 'openapi.json'), `${JSON.stringify(openapi, null, 2)}\n`);
  return site;
}

function write(file: string, contents: string | Uint8Array): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, contents);
}
