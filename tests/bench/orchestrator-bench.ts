import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { defineAction, type AnyAction } from '../../shared/actions/define-action';
import { loadConfig } from '../../shared/config';
import { dispatch } from '../../shared/orchestrator/dispatch-tool-calls';
import { createGeminiModel } from '../../shared/orchestrator/gemini-model';
import { Governor } from '../../shared/orchestrator/governance';
import { runLoop } from '../../shared/orchestrator/loop';
import type { ModelClient, ModelRequest } from '../../shared/orchestrator/model-client';
import { toModelResult } from '../../shared/orchestrator/model-client';
import { staticToolset, type Toolset } from '../../shared/orchestrator/toolset';
import { createRuntime, type Runtime } from '../../shared/runtime/runtime';
import { startGeminiFake, type GeminiCall, type ModelReply } from '../../sandbox/gemini';
import { median, percentile, table } from './stats';

const ms = (n: number) => `${n.toFixed(2)} ms`;

// The orchestrator's own cost, apart from the model and the tools:
//  1. overhead per loop step with an instant in-process model and instant tools (target p50 ≤ 10 ms);
//  2. the same through @google/genai and the Gemini fake over loopback HTTP (SDK + wire, for scale);
//  3. three 200 ms tools called in one model turn: they run together, so the turn takes ≈ 200 ms.
// Run alone: `npx tsx tests/bench/orchestrator-bench.ts`; from tests/bench/run-bench.ts: runOrchestratorBench().

export interface OrchestratorBenchResult {
  loopStepP50Ms: number;
  loopStepP95Ms: number;
  sdkStepP50Ms: number;
  threeToolsWallMs: number;
  threeToolsSerialMs: number;
  pass: boolean;
}

const STEP_TARGET_MS = 10;
const SLOW_TOOL_MS = 200;

const benchTool = (name: string, delayMs: number): AnyAction =>
  defineAction({
    name,
    description: `Bench tool that answers after ${delayMs} ms.`,
    input: z.strictObject({ n: z.int().describe('Step number.') }),
    output: z.object({ n: z.int(), items: z.array(z.string()) }),
    provider: 'youtube',
    scopes: [],
    effect: 'read',
    run: async ({ n }) => {
      if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
      return { n, items: ['a', 'b', 'c'] };
    },
  }) as unknown as AnyAction;

/** A model that calls `tools` (one call each) for `steps` turns, then answers in text. */
function scriptedReply(call: { body: { contents: unknown[] } }, steps: number, tools: string[]): ModelReply {
  const step = Math.floor(call.body.contents.length / 2) + 1;
  if (step > steps) return { text: 'done' };
  return { calls: tools.map((name) => ({ name, args: { n: step } })) };
}

function inProcessModel(steps: number, tools: string[]): ModelClient {
  return {
    async generate(request: ModelRequest) {
      const reply = scriptedReply({ body: { contents: request.contents } }, steps, tools);
      const parts = 'calls' in reply ? reply.calls.map((c) => ({ functionCall: c })) : [{ text: 'done' }];
      return toModelResult({ candidates: [{ content: { role: 'model', parts }, finishReason: 'STOP' }], usageMetadata: { totalTokenCount: 10 } });
    },
  };
}

async function timeLoop(runtime: Runtime, model: ModelClient, toolset: Toolset, steps: number): Promise<number> {
  const ctx = runtime.contextFor({ uid: 'bench', via: 'dev' }, 'bench', new AbortController().signal);
  const governor = new Governor({ maxSteps: steps + 1, maxToolCalls: 1_000, deadlineAt: Date.now() + 60_000, dailyTokenBudget: 1e12, tokensToday: 0 });
  const started = performance.now();
  const out = await runLoop([{ role: 'user', parts: [{ text: 'go' }] }], {
    model,
    toolset,
    governor,
    systemInstruction: 'bench',
    // The loop's own cost: the token reservation (one Firestore transaction per step) is not in it.
    budget: { reserve: async () => ({ day: 'bench', reserved: 1 }), settle: async () => {} },
    signal: ctx.signal,
    log: runtime.log,
    dispatch: (calls) =>
      dispatch(calls, {
        toolset,
        ctx,
        preview: { uid: 'bench', config: runtime.config, connections: runtime.stores.connections },
        conversationId: 'bench',
        now: Date.now,
      }),
  });
  if (out.reply !== 'done') throw new Error(`bench loop ended unexpectedly: ${out.reply}`);
  return performance.now() - started;
}

export async function runOrchestratorBench(opts: { steps?: number; runs?: number; print?: (line: string) => void } = {}): Promise<OrchestratorBenchResult> {
  const steps = opts.steps ?? 8;
  const runs = opts.runs ?? 50;
  const print = opts.print ?? console.log;
  const runtime = createRuntime({ config: loadConfig({ GOOGLE_CLOUD_PROJECT: 'bench', AUTH_MODE: 'dev', LOG_LEVEL: 'error' }), logSink: () => {} });
  const instant = staticToolset([benchTool('bench_instant', 0)]);
  const slow = staticToolset(['bench_slow_a', 'bench_slow_b', 'bench_slow_c'].map((n) => benchTool(n, SLOW_TOOL_MS)));

  const perStep: number[] = [];
  const model = inProcessModel(steps, ['bench_instant']);
  for (let i = 0; i < runs + 5; i++) {
    const t = await timeLoop(runtime, model, instant, steps);
    if (i >= 5) perStep.push(t / (steps + 1)); // steps tool turns + the final text turn; first 5 runs warm up
  }

  const fake = await startGeminiFake({ apiKey: 'bench-key' });
  fake.otherwise((c: GeminiCall) => scriptedReply(c, steps, ['bench_instant']));
  const sdkRuntime = createRuntime({
    config: loadConfig({ GOOGLE_CLOUD_PROJECT: 'bench', AUTH_MODE: 'dev', GEMINI_BASE_URL: fake.url, GEMINI_API_KEY: 'bench-key' }),
    logSink: () => {},
  });
  const sdkModel = createGeminiModel({ config: sdkRuntime.config, secrets: sdkRuntime.secrets, log: sdkRuntime.log });
  const sdkStep: number[] = [];
  for (let i = 0; i < Math.max(10, Math.floor(runs / 5)) + 2; i++) {
    const t = await timeLoop(sdkRuntime, sdkModel, instant, steps);
    if (i >= 2) sdkStep.push(t / (steps + 1));
  }
  await fake.close();

  const threeTools = await timeLoop(runtime, inProcessModel(1, ['bench_slow_a', 'bench_slow_b', 'bench_slow_c']), slow, 1);
  const result: OrchestratorBenchResult = {
    loopStepP50Ms: median(perStep),
    loopStepP95Ms: percentile(perStep, 95),
    sdkStepP50Ms: median(sdkStep),
    threeToolsWallMs: threeTools,
    threeToolsSerialMs: 3 * SLOW_TOOL_MS,
    pass: median(perStep) <= STEP_TARGET_MS && threeTools < 2 * SLOW_TOOL_MS,
  };
  print(`\nOrchestrator loop (${steps} tool steps + a text answer, ${runs} runs)`);
  print(
    table(
      ['measure', 'value', 'target', ''],
      [
        [
          'loop overhead per step, p50 (instant model + tools)',
          ms(result.loopStepP50Ms),
          `≤ ${STEP_TARGET_MS} ms`,
          result.loopStepP50Ms <= STEP_TARGET_MS ? 'pass' : 'FAIL',
        ],
        ['loop overhead per step, p95', ms(result.loopStepP95Ms), '', ''],
        ['per step incl. @google/genai + loopback HTTP, p50', ms(result.sdkStepP50Ms), '(for scale)', ''],
        [
          `three ${SLOW_TOOL_MS} ms tools in one turn`,
          ms(result.threeToolsWallMs),
          `≈ ${SLOW_TOOL_MS} ms, not ${3 * SLOW_TOOL_MS}`,
          result.threeToolsWallMs < 2 * SLOW_TOOL_MS ? 'pass' : 'FAIL',
        ],
      ],
    ),
  );
  return result;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = await runOrchestratorBench();
  if (!r.pass) process.exitCode = 1;
}
