import fs from 'node:fs';
import path from 'node:path';

// The providers' published descriptions live outside the project, in `shared/contracts` beside
// the checkout (../shared/contracts) — or beside the folder holding it, for a git worktree
// (../../shared/contracts). CONTRACTS_DIR names another place. Undefined when there is none:
// the cross-checks then skip, so a bare clone builds and passes.
export function contractsDir(): string | undefined {
  const candidates = [process.env.CONTRACTS_DIR, '../shared/contracts', '../../shared/contracts'];
  for (const c of candidates) {
    if (!c) continue;
    const dir = path.resolve(process.cwd(), c);
    if (fs.existsSync(dir) && fs.statSync(dir).isDirectory()) return dir;
  }
  return undefined;
}

/** The path of one contract file, when present. */
export function contractFile(relative: string): string | undefined {
  const dir = contractsDir();
  const file = dir ? path.join(dir, relative) : undefined;
  return file && fs.existsSync(file) ? file : undefined;
}
