// Exit 0 when node_modules matches package-lock.json, 1 when it is missing or stale (a pull changed
// the lockfile, an install was interrupted). Plain JavaScript on purpose: it runs before any
// dependency (tsx included) is known to be there. npm writes node_modules/.package-lock.json, the
// "hidden lockfile", on every install; comparing its versions with the lockfile's is how npm
// itself knows a tree is current, and costs two JSON parses.
import { readFileSync } from 'node:fs';

const read = (p) => {
  try {
    return JSON.parse(readFileSync(p, 'utf8'));
  } catch {
    return undefined;
  }
};

const wanted = read('package-lock.json')?.packages ?? {};
const installed = read('node_modules/.package-lock.json')?.packages;
if (!installed) {
  console.error('deps: node_modules is missing or was never installed by npm');
  process.exit(1);
}
const stale = Object.entries(wanted).filter(([path, meta]) => {
  if (!path.startsWith('node_modules/')) return false;
  const have = installed[path];
  // Optional packages for other platforms (esbuild's binaries…) are legitimately absent.
  if (!have) return !meta.optional;
  return have.version !== meta.version;
});
if (stale.length > 0) {
  console.error(`deps: node_modules differs from package-lock.json (${stale.length} package(s), e.g. ${stale[0][0]})`);
  process.exit(1);
}
