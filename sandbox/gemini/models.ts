// The models the fake serves, with what the API documents about each: output limit, whether and
// how it thinks, and whether function calling needs thought signatures. Any other name is a 404,
// as a typo'd or retired model is on the real API.
// https://ai.google.dev/gemini-api/docs/models · /thinking · /thought-signatures

export interface ThinkingSpec {
  /** Smallest explicit budget (besides 0 where thinking can be switched off). */
  min: number;
  max: number;
  /** thinkingBudget 0 switches thinking off (Flash, Flash-Lite); Pro models always think. */
  canDisable: boolean;
  /** Thinks when the request sets no budget (Flash-Lite does not, unless asked). */
  byDefault: boolean;
  /** Tokens a "dynamic" (-1 / default) budget spends: a base plus a share of the prompt. */
  dynamicBase: number;
}

export interface ModelSpec {
  name: string;
  displayName: string;
  inputTokenLimit: number;
  outputTokenLimit: number;
  thinking?: ThinkingSpec;
  /** Gemini 3: the current turn's function calls must carry their thought signatures. */
  requiresSignatures: boolean;
}

const FLASH: ThinkingSpec = { min: 1, max: 24_576, canDisable: true, byDefault: true, dynamicBase: 420 };
const FLASH_LITE: ThinkingSpec = { min: 512, max: 24_576, canDisable: true, byDefault: false, dynamicBase: 600 };
const PRO: ThinkingSpec = { min: 128, max: 32_768, canDisable: false, byDefault: true, dynamicBase: 900 };

const spec = (name: string, displayName: string, rest: Partial<ModelSpec>): ModelSpec => ({
  name,
  displayName,
  inputTokenLimit: 1_048_576,
  outputTokenLimit: 65_536,
  requiresSignatures: false,
  ...rest,
});

const MODELS: ModelSpec[] = [
  spec('gemini-2.5-flash', 'Gemini 2.5 Flash', { thinking: FLASH }),
  spec('gemini-2.5-flash-lite', 'Gemini 2.5 Flash-Lite', { thinking: FLASH_LITE }),
  spec('gemini-2.5-pro', 'Gemini 2.5 Pro', { thinking: PRO }),
  spec('gemini-2.0-flash', 'Gemini 2.0 Flash', { outputTokenLimit: 8_192 }),
  spec('gemini-2.0-flash-lite', 'Gemini 2.0 Flash-Lite', { outputTokenLimit: 8_192 }),
  // Gemini 3's documented control is thinkingLevel; thinkingBudget is still accepted, and since
  // the v1beta messages in ../shared/contracts know only the budget, the fake models that.
  spec('gemini-3-pro-preview', 'Gemini 3 Pro Preview', { thinking: PRO, requiresSignatures: true }),
  spec('gemini-3-flash-preview', 'Gemini 3 Flash Preview', { thinking: { ...FLASH, canDisable: false }, requiresSignatures: true }),
];

const ALIASES: Record<string, string> = {
  'gemini-flash-latest': 'gemini-2.5-flash',
  'gemini-flash-lite-latest': 'gemini-2.5-flash-lite',
  'gemini-pro-latest': 'gemini-2.5-pro',
};

/** The model a request path names (`gemini-2.5-flash` or `models/gemini-2.5-flash`), if served. */
export function findModel(name: string): ModelSpec | undefined {
  const bare = name.replace(/^models\//, '');
  const target = ALIASES[bare] ?? bare;
  const found = MODELS.find((m) => m.name === target);
  return found && { ...found, name: bare };
}

/** GET /v1beta/models/{model}: the Model resource (models.get), as the API describes a model. */
export function modelResource(m: ModelSpec): Record<string, unknown> {
  return {
    name: `models/${m.name}`,
    version: m.name.replace(/^gemini-/, ''),
    displayName: m.displayName,
    inputTokenLimit: m.inputTokenLimit,
    outputTokenLimit: m.outputTokenLimit,
    supportedGenerationMethods: ['generateContent', 'countTokens', 'createCachedContent', 'batchGenerateContent'],
    temperature: 1,
    topP: 0.95,
    topK: 64,
    maxTemperature: 2,
    ...(m.thinking ? { thinking: true } : {}),
  };
}

/** The 404 Gemini answers for a model it does not serve. */
export function modelNotFoundMessage(name: string, method = 'generateContent'): string {
  return `models/${name.replace(/^models\//, '')} is not found for API version v1beta, or is not supported for ${method}. Call ListModels to see the list of available models and their supported methods.`;
}
