import { createRequire } from 'node:module';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

// The layout's rules as code (.dependency-cruiser.cjs, docs/architecture.md): providers/ are
// stateless, nothing outside tests/ imports tests/, shared/ is a library, and folders depend one
// way. dependency-cruiser checks module-level rules; the folder-level cycle check is below.

const config = createRequire(import.meta.url)('../../.dependency-cruiser.cjs') as { forbidden: unknown[]; options: Record<string, unknown> };

/** shared/<area> is a folder of its own; shared/'s root files are the foundation. */
function folderOf(path: string): string {
  const parts = path.split('/');
  if (parts[0] !== 'shared') return parts[0] ?? path;
  return parts.length > 2 ? `shared/${parts[1]}` : 'shared/(root)';
}

/** Every folder-to-folder dependency that lies on a loop. */
function folderCycles(edges: ReadonlyArray<readonly [string, string]>): string[][] {
  const graph = new Map<string, Set<string>>();
  for (const [a, b] of edges) if (a !== b) graph.set(a, (graph.get(a) ?? new Set()).add(b));
  const reaches = (from: string, to: string): boolean => {
    const seen = new Set<string>([from]);
    const stack = [from];
    while (stack.length > 0) {
      const x = stack.pop() as string;
      if (x === to) return true;
      for (const y of graph.get(x) ?? []) if (!seen.has(y)) stack.push(y), seen.add(y);
    }
    return false;
  };
  const cycles: string[][] = [];
  for (const [a, targets] of graph) for (const b of targets) if (reaches(b, a)) cycles.push([a, b]);
  return cycles;
}

let result: ICruiseResult | undefined;
async function cruiseTree(): Promise<ICruiseResult> {
  result ??= (await cruise(['shared', 'functions', 'scripts', 'sandbox', 'tests'], { validate: true, ruleSet: config as never, ...config.options } as never))
    .output as ICruiseResult;
  return result;
}

describe('dependency rules', () => {
  it('the tree breaks none of the module rules', async () => {
    const r = await cruiseTree();
    expect(r.summary.totalCruised).toBeGreaterThan(300);
    const violations = r.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
    expect(violations).toEqual([]);
  }, 60_000);

  it('no two folders depend on each other', async () => {
    const r = await cruiseTree();
    const edges = r.modules
      .filter((m) => !m.source.includes('node_modules'))
      .flatMap((m) =>
        m.dependencies.filter((d) => !d.coreModule && !d.resolved.includes('node_modules')).map((d) => [folderOf(m.source), folderOf(d.resolved)] as const),
      );
    expect(folderCycles(edges)).toEqual([]);
  }, 60_000);

  it('the cycle check finds a loop through a third folder', () => {
    const edges = [
      ['shared/http', 'shared/actions'],
      ['shared/actions', 'shared/commerce'],
      ['shared/commerce', 'shared/http'],
      ['shared/store', 'shared/(root)'],
    ] as const;
    expect(folderCycles(edges)).toHaveLength(3);
    expect(folderCycles(edges.slice(1))).toEqual([]);
  });
});
