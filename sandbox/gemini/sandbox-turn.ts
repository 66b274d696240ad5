import type { GeminiCall, WireContent } from './wire';

// What the sandbox model reads from one generateContent request, as a model reads its context:
// the person's latest message, the date the system instruction gives, the tools declared, and
// every tool call made since that message with its answer (so a journey knows where it stands).

/** One tool call of this turn and what it answered. */
export interface Done {
  name: string;
  args: Record<string, unknown>;
  output?: unknown;
  error?: { code?: string; message?: string };
}

export interface Turn {
  /** The person's latest message. */
  text: string;
  /** Epoch ms, from the system instruction's "Current date and time (UTC)". */
  now: number;
  tools: string[];
  done: Done[];
}

export function readTurn(call: GeminiCall): Turn {
  const contents = call.body.contents;
  const start = lastUserMessage(contents);
  return {
    text: start >= 0 ? textOf(contents[start] as WireContent) : '',
    now: instructionNow(call) ?? Date.now(),
    tools: call.tools,
    done: start >= 0 ? toolCallsSince(contents, start) : [],
  };
}

/** The output of the latest call of `name` (undefined if it has not answered or failed). */
export function outputOf<T>(turn: Turn, name: string): T | undefined {
  return turn.done.findLast((d) => d.name === name)?.output as T | undefined;
}

function lastUserMessage(contents: WireContent[]): number {
  return contents.findLastIndex((c) => c.role === 'user' && textOf(c) !== '');
}

/** The note the backend appends to each new user message (when it was sent): not the user's words. */
const SENT_AT_NOTE = /\[Sent at [^\]]*\]/g;

function textOf(c: WireContent): string {
  return c.parts
    .map((p) => p.text ?? '')
    .join('')
    .replace(SENT_AT_NOTE, '')
    .trim();
}

function instructionNow(call: GeminiCall): number | undefined {
  const text = (call.body.systemInstruction?.parts ?? []).map((p) => p.text ?? '').join('');
  const iso = /Current date and time \(UTC\): (\S+?)\.?$/m.exec(text)?.[1];
  const ms = iso ? Date.parse(iso) : Number.NaN;
  return Number.isNaN(ms) ? undefined : ms;
}

/** Model calls paired with the responses of the next content, by id when there is one, else in order. */
function toolCallsSince(contents: WireContent[], start: number): Done[] {
  const done: Done[] = [];
  for (let i = start + 1; i < contents.length; i++) {
    const c = contents[i] as WireContent;
    if (c.role !== 'model') continue;
    const calls = c.parts.flatMap((p) => (p.functionCall ? [p.functionCall] : []));
    const answers = (contents[i + 1]?.parts ?? []).flatMap((p) => (p.functionResponse ? [p.functionResponse] : []));
    calls.forEach((fc, k) => {
      const answer =
        answers.find((a) => fc.id !== undefined && a.id === fc.id) ??
        answers.filter((a) => a.name === fc.name)[calls.slice(0, k).filter((x) => x.name === fc.name).length];
      const response = answer?.response ?? {};
      done.push({ name: fc.name, args: fc.args ?? {}, output: response.output, error: response.error as Done['error'] });
    });
  }
  return done;
}
