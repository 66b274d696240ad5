import type { ModelSpec } from './models';
import { tokensIn } from './generate';
import type { WireRequest } from './wire';

// Gemini's implicit context caching, as documented: a request whose prompt starts with the same
// content as a recent request to the same model has that shared prefix served from the cache,
// reported as usageMetadata.cachedContentTokenCount, once the prefix is at least the model's
// minimum (1,024 tokens for Flash models, 4,096 for Pro). Only an exact prefix counts: the system
// instruction, then the tool declarations, then the turns, byte for byte and in order, so a
// client that reorders its tools or changes its instruction on every turn gets no cache hit.
// https://ai.google.dev/gemini-api/docs/caching#implicit-caching

const TTL_MS = 5 * 60_000;
const MAX_REMEMBERED = 200;

interface Remembered {
  model: string;
  blocks: string[];
  at: number;
}

/** The prompt as the ordered blocks a prefix is matched on. */
function blocksOf(body: WireRequest): string[] {
  return [
    JSON.stringify(body.systemInstruction ?? null),
    JSON.stringify(body.tools ?? null),
    JSON.stringify(body.toolConfig ?? null),
    ...body.contents.map((c) => JSON.stringify(c)),
  ];
}

export class ImplicitCache {
  private readonly recent: Remembered[] = [];

  /** Prompt tokens this request would have served from the cache; remembers the request. */
  lookup(model: ModelSpec, body: WireRequest, now = Date.now()): number {
    const blocks = blocksOf(body);
    const live = this.recent.filter((r) => r.model === model.name && now - r.at < TTL_MS);
    let best = 0;
    for (const r of live) {
      let tokens = 0;
      for (let i = 0; i < Math.min(r.blocks.length, blocks.length) && r.blocks[i] === blocks[i]; i++) tokens += tokensIn(blocks[i] ?? '');
      best = Math.max(best, tokens);
    }
    this.recent.push({ model: model.name, blocks, at: now });
    if (this.recent.length > MAX_REMEMBERED) this.recent.shift();
    return best >= minimumTokens(model) ? best : 0;
  }

  clear(): void {
    this.recent.splice(0);
  }
}

function minimumTokens(model: ModelSpec): number {
  return model.name.includes('pro') ? 4_096 : 1_024;
}
