import type { ModelSpec } from './models';
import { type TurnProblem, turnsProblem } from './validate-turns';
import type { WireDeclaration, WireRequest } from './wire';

// What Gemini refuses (400 INVALID_ARGUMENT) in a request that parsed as proto3 JSON: the
// conversation rules (validate-turns.ts), function declarations (name syntax, unique names, one
// schema form per declaration) and the generation config the model cannot honour (a thinking
// budget outside its range, thinking switched off on a model that always thinks, more output
// tokens than it can produce).
// https://ai.google.dev/api/caching#FunctionDeclaration · https://ai.google.dev/gemini-api/docs/thinking

export type { TurnProblem } from './validate-turns';

/** Gemini's rule: a letter or underscore, then letters, digits, `_ . : -`; 64 characters at most. */
const FUNCTION_NAME = /^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$/;

export function requestProblem(body: WireRequest, model: ModelSpec): TurnProblem | undefined {
  return toolsProblem(body) ?? configProblem(body, model) ?? turnsProblem(body.contents ?? [], model);
}

function toolsProblem(body: WireRequest): TurnProblem | undefined {
  const seen = new Set<string>();
  for (const [t, tool] of (body.tools ?? []).entries()) {
    for (const [d, decl] of (tool.functionDeclarations ?? []).entries()) {
      const at = `tools[${t}].function_declarations[${d}]`;
      const problem =
        declarationProblem(decl, at) ??
        (seen.has(decl.name) ? { message: `Duplicate function declaration found: ${decl.name}`, field: `${at}.name` } : undefined);
      if (problem) return problem;
      seen.add(decl.name);
    }
  }
  return undefined;
}

function declarationProblem(decl: WireDeclaration & { response?: unknown; responseJsonSchema?: unknown }, at: string): TurnProblem | undefined {
  if (!FUNCTION_NAME.test(decl.name ?? '')) {
    return {
      message: `* GenerateContentRequest.${at}.name: Invalid function name. Must start with a letter or an underscore. Must be alphameric (a-z, A-Z, 0-9), underscores (_), dots (.), colons (:), or dashes (-), with a maximum length of 64.\n`,
      field: `${at}.name`,
    };
  }
  if (decl.parameters !== undefined && decl.parametersJsonSchema !== undefined) {
    return {
      message: `* GenerateContentRequest.${at}.parameters_json_schema: parameters and parameters_json_schema cannot both be set.\n`,
      field: `${at}.parameters_json_schema`,
    };
  }
  if (decl.response !== undefined && decl.responseJsonSchema !== undefined) {
    return {
      message: `* GenerateContentRequest.${at}.response_json_schema: response and response_json_schema cannot both be set.\n`,
      field: `${at}.response_json_schema`,
    };
  }
  return undefined;
}

/** Structured output: a schema needs a JSON response type, and only one schema form may be set. */
function outputSchemaProblem(config: NonNullable<WireRequest['generationConfig']>): TurnProblem | undefined {
  const schema = config.responseSchema ?? config.responseJsonSchema;
  if (config.responseSchema !== undefined && config.responseJsonSchema !== undefined) {
    return {
      message: '* GenerateContentRequest.generation_config.response_json_schema: response_schema and response_json_schema cannot both be set.\n',
      field: 'generation_config.response_json_schema',
    };
  }
  const mime = config.responseMimeType ?? 'text/plain';
  if (!STRUCTURED_MIME.has(String(mime)) && !TEXT_MIME.has(String(mime))) {
    return {
      message: `* GenerateContentRequest.generation_config.response_mime_type: unsupported mime type: ${String(mime)}\n`,
      field: 'generation_config.response_mime_type',
    };
  }
  if (schema !== undefined && !STRUCTURED_MIME.has(String(mime))) {
    return {
      message: `* GenerateContentRequest.generation_config.response_mime_type: When using response_schema, response_mime_type must be one of ${[...STRUCTURED_MIME].join(', ')}.\n`,
      field: 'generation_config.response_mime_type',
    };
  }
  return undefined;
}

const STRUCTURED_MIME = new Set(['application/json', 'text/x.enum']);
const TEXT_MIME = new Set(['text/plain']);

function configProblem(body: WireRequest, model: ModelSpec): TurnProblem | undefined {
  const config = body.generationConfig ?? {};
  const output = outputSchemaProblem(config);
  if (output) return output;
  const max = config.maxOutputTokens === undefined ? undefined : Number(config.maxOutputTokens);
  if (max !== undefined && max > model.outputTokenLimit) {
    return {
      message: `Unable to submit request because it has a maxOutputTokens value of ${max} but the supported range is from 1 (inclusive) to ${model.outputTokenLimit + 1} (exclusive). Update the value and try again.`,
      field: 'generation_config.max_output_tokens',
    };
  }
  const raw = config.thinkingConfig?.thinkingBudget;
  if (raw === undefined || !model.thinking) return undefined;
  const budget = Number(raw);
  const field = 'generation_config.thinking_config.thinking_budget';
  if (budget === 0 && !model.thinking.canDisable) return { message: 'Budget 0 is invalid. This model only works in thinking mode.', field };
  const { min, max: top } = model.thinking;
  if (budget !== 0 && budget !== -1 && (budget < min || budget > top)) {
    return { message: `The thinking budget ${budget} is invalid. Please choose a value between ${min} and ${top}.`, field };
  }
  return undefined;
}
