import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A fresh temporary folder under the repository's git-ignored `.cache/`. Bundles built there
 * resolve packages from the repository's node_modules, which a folder under /tmp could not. The
 * parent is created here: on a machine whose node is already 22, nothing else has made it.
 */
export function repoTempDir(prefix: string, root: string = process.cwd()): string {
  const parent = join(root, '.cache');
  mkdirSync(parent, { recursive: true });
  return mkdtempSync(join(parent, prefix));
}
