import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startGeminiFake, type GeminiFake } from '../../sandbox/gemini';
import { postGenerate, userText, weatherTool } from '../support/gemini-wire';

// The Gemini fake refuses what Gemini refuses, with Gemini's status and (where known) wording:
// each refusal below is a request a careless client could send and that the real API answers
// with 4xx. Every refused request also leaves the script untouched (no reply consumed).

let fake: GeminiFake;
beforeAll(async () => {
  fake = await startGeminiFake();
});
afterAll(async () => fake.close());
beforeEach(() => {
  fake.reset();
  fake.otherwise({ text: 'fine' });
});

const refused = async (model: string, body: unknown, status = 400) => {
  const r = await postGenerate(fake, model, body);
  expect(r.status, r.text).toBe(status);
  expect(r.json.error?.status).toBe(status === 404 ? 'NOT_FOUND' : 'INVALID_ARGUMENT');
  return r.json.error?.message ?? '';
};
const ok = async (model: string, body: unknown) => {
  const r = await postGenerate(fake, model, body);
  expect(r.status, r.text).toBe(200);
  return r.json;
};

/** A signed call turn from the fake itself: [user, model call, user response]. */
async function signedExchange(model: string, args: Record<string, unknown> = { city: 'Oslo' }) {
  fake.script({ calls: [{ name: 'get_weather', args }] });
  const r = await ok(model, { contents: [userText('weather?')], tools: [weatherTool] });
  const callTurn = r.candidates?.[0]?.content as { role: 'model'; parts: Record<string, unknown>[] };
  const answer = { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { output: { c: 3 } } } }] };
  return [userText('weather?'), callTurn, answer];
}

describe('models', () => {
  it('an unknown or retired model is 404 NOT_FOUND, for generate and for models.get', async () => {
    expect(await refused('gemini-2.5-flsh', { contents: [userText('hi')] }, 404)).toMatch(/models\/gemini-2\.5-flsh is not found for API version v1beta/);
    expect(await refused('gemini-1.0-pro', { contents: [userText('hi')] }, 404)).toMatch(/not found/);
    const get = await fetch(`${fake.url}/v1beta/models/gemini-2.5-flsh`, { headers: { 'x-goog-api-key': fake.apiKey } });
    expect([get.status, (await get.json()).error.status]).toEqual([404, 'NOT_FOUND']);
    const known = await fetch(`${fake.url}/v1beta/models/gemini-2.5-flash`, { headers: { 'x-goog-api-key': fake.apiKey } });
    expect(await known.json()).toMatchObject({ name: 'models/gemini-2.5-flash', outputTokenLimit: 65_536, thinking: true });
  });
});

describe('payload parsing (proto3 JSON)', () => {
  it.each([
    ['at the top', { contents: [userText('hi')], temprature: 0.2 }, 'Unknown name "temprature": Cannot find field.'],
    ['in a part', { contents: [{ role: 'user', parts: [{ text: 'hi', cache: true }] }] }, `Unknown name "cache" at 'contents[0].parts[0]'`],
    [
      'in generationConfig',
      { contents: [userText('hi')], generationConfig: { thinkingConfig: { thinking_level: 'low' } } },
      `at 'generation_config.thinking_config'`,
    ],
    [
      'in a declaration',
      { contents: [userText('hi')], tools: [{ functionDeclarations: [{ name: 'f', description: 'd', strict: true }] }] },
      'Unknown name "strict"',
    ],
  ])('refuses an unknown field %s', async (_where, body, message) => {
    expect(await refused('gemini-2.5-flash', body)).toContain(message);
    expect(fake.remaining()).toBe(0);
  });

  it('names every offending field in a BadRequest detail', async () => {
    const r = await postGenerate(fake, 'gemini-2.5-flash', { contents: [{ role: 'user', parts: [{ text: 'hi', x: 1 }] }], y: 2 });
    expect(r.json.error?.details?.[0]).toEqual({
      '@type': 'type.googleapis.com/google.rpc.BadRequest',
      fieldViolations: [
        { field: 'contents[0].parts[0]', description: `Invalid JSON payload received. Unknown name "x" at 'contents[0].parts[0]': Cannot find field.` },
        { description: 'Invalid JSON payload received. Unknown name "y": Cannot find field.' },
      ],
    });
  });

  it.each([
    ['a string where a number goes', { contents: [userText('hi')], generationConfig: { maxOutputTokens: 'lots' } }, 'TYPE_INT32'],
    ['an object where a list goes', { contents: userText('hi') }, 'repeated field'],
    ['an unknown enum name', { contents: [userText('hi')], toolConfig: { functionCallingConfig: { mode: 'SOMETIMES' } } }, 'FunctionCallingConfig.Mode'],
    [
      'a signature that is not base64',
      { contents: [{ role: 'model', parts: [{ text: 'x', thoughtSignature: 'not base64!' }] }, userText('hi')] },
      'TYPE_BYTES',
    ],
    [
      'text and a function call in one part (one oneof)',
      { contents: [{ role: 'user', parts: [{ text: 'a', functionCall: { name: 'f' } }] }] },
      "Oneof field 'data'",
    ],
  ])('refuses %s', async (_name, body, message) => {
    expect(await refused('gemini-2.5-flash', body)).toContain(message);
  });

  it('accepts the proto names in snake_case, as Google does', async () => {
    await ok('gemini-2.5-flash', { contents: [userText('hi')], generation_config: { max_output_tokens: 2000, thinking_config: { thinking_budget: 0 } } });
    expect(fake.calls[0]?.body.generationConfig).toEqual({ maxOutputTokens: 2000, thinkingConfig: { thinkingBudget: 0 } });
  });
});

describe('conversation rules', () => {
  it('refuses a function response with no function call before it (an orphan)', async () => {
    const orphan = { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { output: 1 } } }] };
    expect(await refused('gemini-2.5-flash', { contents: [userText('hi'), { role: 'model', parts: [{ text: 'ok' }] }, orphan] })).toMatch(
      /function response turn comes immediately after a function call turn/,
    );
    expect(await refused('gemini-2.5-flash', { contents: [orphan] })).toMatch(/function response turn/);
  });

  it('refuses a response turn that does not answer every call, and a call turn after a model turn', async () => {
    const [user, call] = await signedExchange('gemini-2.5-flash');
    expect(await refused('gemini-2.5-flash', { contents: [user, call, userText('never mind')] })).toMatch(/number of function response parts/);
    expect(await refused('gemini-2.5-flash', { contents: [user, { role: 'model', parts: [{ text: 'hm' }] }, call] })).toMatch(
      /function call turn comes immediately after/,
    );
  });

  it('refuses a thought signature that was altered or moved to another call, on any model', async () => {
    const [user, call, answer] = await signedExchange('gemini-2.5-flash');
    const part = call?.parts[0] as { thoughtSignature: string; functionCall: { args: Record<string, unknown> } };
    await ok('gemini-2.5-flash', { contents: [user, call, answer], tools: [weatherTool] });
    const flipped = `${part.thoughtSignature.startsWith('A') ? 'B' : 'A'}${part.thoughtSignature.slice(1)}`;
    const altered = { role: 'model', parts: [{ ...part, thoughtSignature: flipped }] };
    expect(await refused('gemini-2.5-flash', { contents: [user, altered, answer], tools: [weatherTool] })).toBe('Corrupted thought signature.');
    const moved = { role: 'model', parts: [{ ...part, functionCall: { name: 'get_weather', args: { city: 'Bergen' } } }] };
    expect(await refused('gemini-2.5-flash', { contents: [user, moved, answer], tools: [weatherTool] })).toBe('Corrupted thought signature.');
  });

  it('on Gemini 3, refuses a current-turn call without its signature, whoever wrote the history', async () => {
    const [user, call, answer] = await signedExchange('gemini-3-pro-preview');
    const unsigned = { role: 'model', parts: [{ functionCall: (call?.parts[0] as { functionCall: unknown }).functionCall }] };
    const message = await refused('gemini-3-pro-preview', { contents: [user, unsigned, answer], tools: [weatherTool] });
    expect(message).toMatch(/Function call is missing a thought_signature in functionCall parts.*default_api:get_weather.*position 2/);
    await ok('gemini-3-pro-preview', { contents: [user, call, answer], tools: [weatherTool] });
    // Google's documented placeholder for a call whose signature was lost.
    const placeholder = { role: 'model', parts: [{ ...unsigned.parts[0], thoughtSignature: 'skip_thought_signature_validator' }] };
    await ok('gemini-3-pro-preview', { contents: [user, placeholder, answer], tools: [weatherTool] });
    // Earlier turns (before the user's last own message) are not checked; Gemini 2.5 checks none.
    await ok('gemini-3-pro-preview', { contents: [user, unsigned, answer, { role: 'model', parts: [{ text: 'done' }] }, userText('thanks')] });
    await ok('gemini-2.5-flash', { contents: [user, unsigned, answer], tools: [weatherTool] });
  });
});

describe('function declarations', () => {
  const declared = (decl: Record<string, unknown>) => ({ contents: [userText('hi')], tools: [{ functionDeclarations: [{ description: 'd', ...decl }] }] });

  it('refuses parameters together with parametersJsonSchema', async () => {
    const both = declared({ name: 'f', parameters: { type: 'OBJECT' }, parametersJsonSchema: { type: 'object' } });
    expect(await refused('gemini-2.5-flash', both)).toMatch(
      /function_declarations\[0\]\.parameters_json_schema: parameters and parameters_json_schema cannot both be set/,
    );
  });

  it.each(['1st_tool', 'has space', 'slash/name', 'ünicode', '', 'a'.repeat(65)])('refuses the function name %j', async (name) => {
    expect(await refused('gemini-2.5-flash', declared({ name }))).toMatch(/Invalid function name/);
  });

  it.each(['get_weather', '_private', 'ns.tool:v1-beta', 'a'.repeat(64)])('accepts the function name %j', async (name) => {
    await ok('gemini-2.5-flash', declared({ name }));
  });

  it('refuses two declarations with one name', async () => {
    const body = { contents: [userText('hi')], tools: [weatherTool, weatherTool] };
    expect(await refused('gemini-2.5-flash', body)).toBe('Duplicate function declaration found: get_weather');
  });
});

describe('generation config', () => {
  const budget = (thinkingBudget: number, maxOutputTokens?: number) => ({
    contents: [userText('hi')],
    generationConfig: { maxOutputTokens, thinkingConfig: { thinkingBudget } },
  });
  it('refuses switching thinking off on a model that always thinks, and budgets outside the range', async () => {
    expect(await refused('gemini-2.5-pro', budget(0))).toBe('Budget 0 is invalid. This model only works in thinking mode.');
    expect(await refused('gemini-2.5-pro', budget(64))).toMatch(/between 128 and 32768/);
    expect(await refused('gemini-2.5-flash', budget(30_000))).toMatch(/between 1 and 24576/);
    expect(await refused('gemini-2.5-flash', budget(100, 70_000))).toMatch(/maxOutputTokens value of 70000/);
    await ok('gemini-2.5-flash', budget(0));
    await ok('gemini-2.5-pro', budget(-1));
  });
});

describe('structured output', () => {
  const schema = { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] };

  it('accepts responseMimeType application/json with responseJsonSchema (camelCase or snake_case)', async () => {
    await ok('gemini-2.5-flash', { contents: [userText('n?')], generationConfig: { responseMimeType: 'application/json', responseJsonSchema: schema } });
    await ok('gemini-2.5-flash', { contents: [userText('n?')], generation_config: { response_mime_type: 'application/json', response_json_schema: schema } });
  });

  it('refuses a schema without a JSON response type, both schema forms at once, and an unknown response type', async () => {
    expect(await refused('gemini-2.5-flash', { contents: [userText('n?')], generationConfig: { responseJsonSchema: schema } })).toMatch(
      /response_mime_type must be one of application\/json/,
    );
    const both = { responseMimeType: 'application/json', responseJsonSchema: schema, responseSchema: { type: 'OBJECT' } };
    expect(await refused('gemini-2.5-flash', { contents: [userText('n?')], generationConfig: both })).toMatch(/cannot both be set/);
    expect(await refused('gemini-2.5-flash', { contents: [userText('n?')], generationConfig: { responseMimeType: 'text/csv' } })).toMatch(
      /unsupported mime type: text\/csv/,
    );
  });
});
