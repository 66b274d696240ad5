import type { GeminiCall, ModelReply } from './wire';

// The offline sandbox model's answer to a structured-output request (responseJsonSchema) that
// carries fenced emails: keyword rules on each fenced message alone — so what one email says
// cannot change another's category — returned as JSON of the shape mail sorting asks for.
// Not Gemini and not AI: deterministic, so tests and `npm start` see stable categories.

const FENCE = /<<<EMAIL (\S+) id=(\S+)>>>\n([\s\S]*?)\n<<<END EMAIL \1>>>/g;

const RULES: [RegExp, string][] = [
  [/\b(receipt|invoice|order|payment|paid)\b/i, 'receipts'],
  [/\b(newsletter|digest|weekly|unsubscribe|bulletin)\b/i, 'newsletters'],
  [/\b(no-?reply|notification|alert|update|security|status)\b/i, 'updates'],
  [/\?|\b(can you|could you|please|let me know|reply)\b/i, 'needs_reply'],
];

/** The sorting answer, or undefined when the request is not a mail-sorting one. */
export function sandboxSorting(call: GeminiCall): ModelReply | undefined {
  const config = call.body.generationConfig;
  if (!config?.responseJsonSchema || config.responseMimeType !== 'application/json') return undefined;
  const prompt = call.body.contents.flatMap((c) => c.parts.map((p) => p.text ?? '')).join('\n');
  const sorted = [...prompt.matchAll(FENCE)].map((m) => ({ id: m[2] ?? '', category: categoryOf(m[3] ?? '') }));
  if (sorted.length === 0) return undefined;
  return { text: JSON.stringify({ sorted }) };
}

function categoryOf(fenced: string): string {
  // Sender and subject decide; the text is the tie-breaker only when they say nothing.
  const head = fenced
    .split('\n')
    .filter((l) => /^(From|Subject): /.test(l))
    .join('\n');
  for (const text of [head, fenced]) {
    const rule = RULES.find(([test]) => test.test(text));
    if (rule) return rule[1];
  }
  return 'other';
}
