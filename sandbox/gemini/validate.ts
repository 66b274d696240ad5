import type { WireContent, WireRequest } from './wire';

// The request checks the real API makes that an orchestrator can get wrong, with Gemini's own
// messages, so the fake refuses what Gemini would refuse (400 INVALID_ARGUMENT):
// - a function-call turn must follow a user turn or a function-response turn;
// - the next turn must answer every call of it, one response part per call part, same names;
// - the first functionCall part of a turn must carry the thoughtSignature it was issued with.

export function requestProblem(body: WireRequest, signatures: Map<string, string>): string | undefined {
  if (!Array.isArray(body.contents) || body.contents.length === 0) return '* GenerateContentRequest.contents: contents is not specified';
  for (const [i, c] of body.contents.entries()) {
    if (!Array.isArray(c.parts) || c.parts.length === 0) return `* GenerateContentRequest.contents[${i}].parts: contents.parts must not be empty.`;
    if (c.role !== undefined && c.role !== 'user' && c.role !== 'model')
      return `* GenerateContentRequest.contents[${i}].role: invalid role "${String(c.role)}"`;
  }
  return body.contents.map((_c, i) => turnProblem(body.contents, i, signatures)).find(Boolean);
}

function turnProblem(contents: WireContent[], i: number, signatures: Map<string, string>): string | undefined {
  const c = contents[i] as WireContent;
  const callParts = c.parts.filter((p) => p.functionCall);
  if (c.role !== 'model' || callParts.length === 0) return undefined;
  const before = contents[i - 1];
  if (!before || before.role === 'model') {
    return 'Please ensure that function call turn comes immediately after a user turn or after a function response turn.';
  }
  const first = callParts[0]?.functionCall;
  const issued = first ? signatures.get(signatureKey(first.name, first.args)) : undefined;
  if (issued && callParts[0]?.thoughtSignature !== issued) {
    return `Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead to degraded model performance. Additional data, function call \`default_api:${first?.name}\`, position ${i + 1}.`;
  }
  const next = contents[i + 1];
  if (!next) return undefined; // the last turn: the caller is about to answer it
  const responses = next.parts.filter((p) => p.functionResponse);
  if (next.role === 'model' || responses.length !== callParts.length) {
    return 'Please ensure that the number of function response parts is equal to the number of function call parts of the function call turn.';
  }
  const names = (xs: string[]) => [...xs].sort().join(',');
  if (names(callParts.map((p) => p.functionCall?.name ?? '')) !== names(responses.map((p) => p.functionResponse?.name ?? ''))) {
    return 'Please ensure that function response turn comes immediately after a function call turn, answering the same functions.';
  }
  return undefined;
}

export function signatureKey(name: string, args: unknown): string {
  return `${name}|${JSON.stringify(args ?? {})}`;
}
