import http from 'node:http';
import { join } from 'node:path';
import { freePort } from '../../scripts/lib/firestore-emulator';
import { send, sendWhenListening, spawnFunction, type FunctionProcess } from './function-process';
import { runInterleaved, type LoadResult } from './load';
import { sampleRequest } from './sample-requests';
import { table } from './stats';
import type { BenchUpstreams } from './upstreams-process';

// The MCP function's own cost: tools/list, and a cached read (search_youtube: the YouTube cache
// answers after the first call) through tools/call, next to the same read through the action's own
// HTTP function. Both bundles run as deployed (functions-framework CLI), warmed the same way, and
// are sampled in alternation. Target: the MCP read ≤ 1 ms p50 over the HTTP function.

export const MCP_TARGET_MS = 1;
const ACTION = 'search-youtube';
const HEADERS = { accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-11-25' };

export interface McpBenchOptions {
  root: string;
  warmupCalls: number;
  latency: { count: number; maxMs: number };
}

export async function runMcpBench(backend: BenchUpstreams, opts: McpBenchOptions): Promise<boolean> {
  const procs: FunctionProcess[] = [];
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const mcp = await start(opts.root, 'mcp', backend.env, procs);
    const action = await start(opts.root, ACTION, backend.env, procs);
    const args = sampleRequest(ACTION)?.body;
    const rpc = (method: string, params: unknown) => ({ jsonrpc: '2.0', id: 1, method, params });
    const probes: Array<[string, () => Promise<boolean>]> = [
      [`${ACTION} (HTTP function, cached)`, async () => (await send(action.port, 'POST', args, agent)).status === 200],
      [
        'mcp tools/call search_youtube (cached)',
        async () => ok(await send(mcp.port, 'POST', rpc('tools/call', { name: 'search_youtube', arguments: args }), agent, HEADERS)),
      ],
      ['mcp tools/list', async () => ok(await send(mcp.port, 'POST', rpc('tools/list', {}), agent, HEADERS))],
    ];
    for (const [label, probe] of probes) if (!(await probe())) throw new Error(`${label} did not answer a result`);
    for (const [, probe] of probes) for (let i = 0; i < opts.warmupCalls; i += 1) await probe();
    const results = await runInterleaved(
      probes.map(([, p]) => p),
      opts.latency,
    );
    return report(
      probes.map(([label]) => label),
      results,
    );
  } finally {
    agent.destroy();
    for (const p of procs) await p.stop();
  }
}

async function start(root: string, name: string, env: Record<string, string>, procs: FunctionProcess[]): Promise<FunctionProcess> {
  const proc = spawnFunction(root, name, join(root, 'dist', name), await freePort(), env);
  procs.push(proc);
  await sendWhenListening(proc, 'GET', undefined, 30_000);
  return proc;
}

/** A 200 carrying a JSON-RPC result that is not a tool error. */
function ok(reply: { status: number; body: string }): boolean {
  if (reply.status !== 200) return false;
  const body = JSON.parse(reply.body) as { result?: { isError?: boolean } };
  return body.result !== undefined && body.result.isError !== true;
}

function report(labels: string[], results: LoadResult[]): boolean {
  const base = results[0]?.p50Ms ?? NaN;
  const over = (r: LoadResult) => r.p50Ms - base;
  const fmt = (n: number) => `${n.toFixed(2)} ms`;
  const read = results[1];
  const pass = read !== undefined && over(read) <= MCP_TARGET_MS;
  const rows = results.map((r, i) => [
    labels[i] ?? '',
    fmt(r.p50Ms),
    fmt(r.p99Ms),
    String(r.failures),
    i === 0 ? '' : `${over(r) >= 0 ? '+' : ''}${fmt(over(r))}${i === 1 ? (pass ? ' pass' : ' FAIL') : ''}`,
  ]);
  console.log(table(['path', 'p50', 'p99', 'failures', `p50 over the HTTP function (read ≤ ${MCP_TARGET_MS} ms)`], rows));
  return pass;
}
