import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FunctionEntry } from '../../functions/catalog';

// Finds, for every catalog entry, the one module and export that defines it, so a function's
// bundle imports only that module (and what it imports), never the registry or the catalog.
// Actions are found by scanning shared/actions/ rather than from a hand-written list: the
// registry stays the only list of actions.

export interface FunctionModule {
  /** Absolute path of the defining .ts file. */
  file: string;
  exportName: string;
}

const ACTIONS_DIR = 'shared/actions';
const NOT_ACTION_MODULES = new Set(['index.ts', 'define-action.ts', 'declarations.ts']);

export async function locateFunctionModules(root: string, catalog: readonly FunctionEntry[]): Promise<Map<string, FunctionModule>> {
  const actionExports = await scanActionExports(root);
  const out = new Map<string, FunctionModule>();
  for (const fn of catalog) {
    const found = fn.kind === 'action' ? actionExports.get(fn.action?.name ?? '') : await endpointExport(root, fn.name);
    if (!found)
      throw new Error(`No module exports the ${fn.kind} "${fn.name}" (looked in ${fn.kind === 'action' ? `${ACTIONS_DIR}/**` : `functions/${fn.name}.ts`}).`);
    out.set(fn.name, found);
  }
  return out;
}

/** action name → the module exporting it; an action exported from two modules is an error. */
async function scanActionExports(root: string): Promise<Map<string, FunctionModule>> {
  const dir = join(root, ACTIONS_DIR);
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !NOT_ACTION_MODULES.has(f))
    .map((f) => join(dir, f))
    .sort();
  const out = new Map<string, FunctionModule>();
  for (const file of files) {
    const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    for (const [exportName, value] of Object.entries(mod)) {
      if (!isAction(value)) continue;
      const previous = out.get(value.name);
      if (previous && previous.file !== file) {
        throw new Error(`Action "${value.name}" is exported by both ${relative(root, previous.file)} and ${relative(root, file)}.`);
      }
      out.set(value.name, { file, exportName });
    }
  }
  return out;
}

async function endpointExport(root: string, name: string): Promise<FunctionModule | undefined> {
  const file = join(root, 'functions', `${name}.ts`);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`Endpoint "${name}" must live in functions/${name}.ts: ${(e as Error).message}`);
  }
  const hit = Object.entries(mod).find(([, v]) => isNamed(v) && v.name === name && typeof (v as { handler?: unknown }).handler === 'function');
  return hit ? { file, exportName: hit[0] } : undefined;
}

function isNamed(v: unknown): v is { name: string } {
  return typeof v === 'object' && v !== null && typeof (v as { name?: unknown }).name === 'string';
}

// Duck-typed on what defineAction returns; `functionName` sets actions apart from other objects
// with a `name` (zod schemas, endpoints).
function isAction(v: unknown): v is { name: string; functionName: string } {
  return isNamed(v) && typeof (v as { functionName?: unknown }).functionName === 'string' && typeof (v as { run?: unknown }).run === 'function';
}
