import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '@cdktf/hcl2json';

// Reads a Terraform root module the way Terraform does (HashiCorp's own HCL parser, compiled to
// WebAssembly in @cdktf/hcl2json), without providers or network. Expressions come back as
// "${...}" strings; blocks as arrays of objects.

type Json = Record<string, unknown>;
export type Block = Json;

export interface TerraformModule {
  files: Record<string, string>;
  resources: Record<string, Record<string, Block>>;
  locals: Record<string, unknown>;
  variables: Record<string, Block>;
  terraform: Block[];
}

export async function loadTerraform(dir: string): Promise<TerraformModule> {
  const mod: TerraformModule = { files: {}, resources: {}, locals: {}, variables: {}, terraform: [] };
  for (const name of readdirSync(dir)
    .filter((f) => f.endsWith('.tf'))
    .sort()) {
    const text = readFileSync(join(dir, name), 'utf8');
    mod.files[name] = text;
    const doc = (await parse(name, text)) as Json;
    for (const [type, byName] of Object.entries((doc.resource as Json | undefined) ?? {})) {
      for (const [rname, blocks] of Object.entries(byName as Json)) {
        const bucket = (mod.resources[type] ??= {});
        if (bucket[rname]) throw new Error(`${type}.${rname} is declared twice`);
        bucket[rname] = (blocks as Block[])[0] ?? {};
      }
    }
    for (const block of (doc.locals as Json[] | undefined) ?? []) {
      for (const [k, v] of Object.entries(block)) {
        if (k in mod.locals) throw new Error(`local.${k} is declared twice`);
        mod.locals[k] = v;
      }
    }
    for (const [vname, blocks] of Object.entries((doc.variable as Json | undefined) ?? {})) mod.variables[vname] = (blocks as Block[])[0] ?? {};
    mod.terraform.push(...((doc.terraform as Block[] | undefined) ?? []));
  }
  return mod;
}

/** Every value (at any depth) under the given key in a parsed tree. */
export function valuesOfKey(tree: unknown, key: string): unknown[] {
  const out: unknown[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === key) out.push(v);
        visit(v);
      }
    }
  };
  visit(tree);
  return out;
}

/** The quoted string literals of an expression such as `${toset(["a", "b"])}`. */
export function stringLiterals(expr: unknown): string[] {
  return [...String(expr).matchAll(/"([^"$\\]*)"/g)].map((m) => m[1] ?? '');
}

/**
 * Evaluates the filter of a `{ for k, v in SOURCE : k => v if COND }` local against records,
 * for COND made of `v.field == "x"` / `v.field != "x"` terms joined by && or ||. Anything else
 * throws, so a filter the test cannot read fails loudly instead of passing by accident.
 */
export function applyForFilter<T extends object>(expr: unknown, source: string, items: T[]): T[] {
  const m = /^\$\{\{\s*for (\w+), (\w+) in ([\w.]+)\s*:\s*\1\s*=>\s*\2\s+if\s+(.+?)\s*\}\}$/s.exec(String(expr));
  if (!m || m[3] !== source) throw new Error(`Not a simple filter over ${source}: ${String(expr)}`);
  const [, , item, , cond] = m as unknown as [string, string, string, string, string];
  const term = (t: string) => {
    const c = new RegExp(`^${item}\\.(\\w+)\\s*(==|!=)\\s*"([^"]*)"$`).exec(t.trim());
    if (!c) throw new Error(`Cannot evaluate condition term: ${t}`);
    const [, field, op, lit] = c as unknown as [string, string, string, string];
    return (x: T) => (op === '==') === ((x as Record<string, unknown>)[field] === lit);
  };
  const ors = cond.split('||').map((part) => part.split('&&').map(term));
  return items.filter((x) => ors.some((ands) => ands.every((f) => f(x))));
}

/** `terraform fmt -check` when terraform is installed; undefined when it is not (offline-safe). */
export function terraformFmtCheck(dir: string): { ok: boolean; output: string } | undefined {
  const r = spawnSync('terraform', ['fmt', '-check', '-recursive', '-list=true', dir], {
    encoding: 'utf8',
    env: { ...process.env, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' },
  });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
  // stdout lists the files that need formatting; stderr only carries CLI-config warnings.
  return { ok: r.status === 0, output: r.stdout };
}
