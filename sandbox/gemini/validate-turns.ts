import type { ModelSpec } from './models';
import { verify } from './signatures';
import type { WireContent, WirePart } from './wire';

// The conversation rules Gemini enforces on `contents`, with its own messages:
// - a function-call turn comes right after a user turn or a function-response turn;
// - a function-response turn comes right after a function-call turn and answers each of its
//   calls (one response part per call part, same names) — an orphan response is refused;
// - a thought signature goes back exactly where it came from: one that was altered, invented or
//   moved is refused as corrupted (any model);
// - Gemini 3 only: in the current turn (everything after the user's last own message) the first
//   function call of every model step must carry its signature, whoever produced the history.
// https://ai.google.dev/gemini-api/docs/function-calling · /thought-signatures

export interface TurnProblem {
  message: string;
  field?: string;
}

export function turnsProblem(contents: WireContent[], model: ModelSpec): TurnProblem | undefined {
  if (contents.length === 0) return { message: '* GenerateContentRequest.contents: contents is not specified\n', field: 'contents' };
  for (const [i, c] of contents.entries()) {
    const problem = shapeProblem(c, i) ?? orderProblem(contents, i) ?? signatureProblem(c, i);
    if (problem) return problem;
  }
  return model.requiresSignatures ? currentTurnProblem(contents) : undefined;
}

function shapeProblem(c: WireContent, i: number): TurnProblem | undefined {
  if (!c.parts || c.parts.length === 0)
    return { message: `* GenerateContentRequest.contents[${i}].parts: contents.parts must not be empty.\n`, field: `contents[${i}].parts` };
  if (c.role !== undefined && c.role !== 'user' && c.role !== 'model')
    return { message: 'Please use a valid role: user, model.', field: `contents[${i}].role` };
  return undefined;
}

const calls = (c: WireContent | undefined) => (c?.role === 'model' ? c.parts.filter((p) => p.functionCall) : []);
const responses = (c: WireContent | undefined) => (c && c.role !== 'model' ? c.parts.filter((p) => p.functionResponse) : []);

function orderProblem(contents: WireContent[], i: number): TurnProblem | undefined {
  const c = contents[i] as WireContent;
  const before = contents[i - 1];
  if (calls(c).length > 0 && (!before || before.role === 'model')) {
    return { message: 'Please ensure that function call turn comes immediately after a user turn or after a function response turn.', field: `contents[${i}]` };
  }
  const answered = responses(c);
  const asked = calls(before);
  if (answered.length === 0 && asked.length === 0) return undefined;
  if (asked.length === 0) {
    return { message: 'Please ensure that function response turn comes immediately after a function call turn.', field: `contents[${i}]` };
  }
  if (answered.length !== asked.length) {
    return {
      message: 'Please ensure that the number of function response parts is equal to the number of function call parts of the function call turn.',
      field: `contents[${i}]`,
    };
  }
  const names = (ps: WirePart[], pick: (p: WirePart) => string | undefined) =>
    ps
      .map((p) => pick(p) ?? '')
      .sort()
      .join(',');
  if (names(asked, (p) => p.functionCall?.name) !== names(answered, (p) => p.functionResponse?.name)) {
    return { message: 'Please ensure that the function response turn answers the function calls of the turn before it (same names).', field: `contents[${i}]` };
  }
  return undefined;
}

function signatureProblem(c: WireContent, i: number): TurnProblem | undefined {
  for (const [j, p] of c.parts.entries()) {
    if (p.thoughtSignature === undefined) continue;
    const part = p.functionCall ? ({ kind: 'call', name: p.functionCall.name, args: p.functionCall.args } as const) : ({ kind: 'text' } as const);
    if (c.role !== 'model' || !verify(p.thoughtSignature, part)) {
      return { message: 'Corrupted thought signature.', field: `contents[${i}].parts[${j}].thought_signature` };
    }
  }
  return undefined;
}

/** The current turn starts after the last user content that is the user's own words (not tool results). */
function currentTurnProblem(contents: WireContent[]): TurnProblem | undefined {
  let start = 0;
  contents.forEach((c, i) => {
    if (c.role !== 'model' && c.parts.some((p) => !p.functionResponse)) start = i + 1;
  });
  for (let i = start; i < contents.length; i++) {
    const first = calls(contents[i])[0];
    if (first && !first.thoughtSignature) {
      return {
        message: `Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead to degraded model performance. Additional data, function call \`default_api:${first.functionCall?.name}\` , position ${i + 1}. Please refer to https://ai.google.dev/gemini-api/docs/thought-signatures for more details.`,
        field: `contents[${i}]`,
      };
    }
  }
  return undefined;
}
