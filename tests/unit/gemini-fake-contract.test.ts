// Keeps the Gemini fake (and the app's requests) honest against the API's own message definitions,
// ../shared/contracts/google/generativelanguage-v1beta/*.proto, when they are present beside the
// checkout; skips cleanly without them. Three checks: the fake's message table is the .proto;
// everything the fake answers is proto3 JSON of GenerateContentResponse (and its errors are
// google.rpc.Status with real detail types); everything the app sends is a GenerateContentRequest.
process.env.METADATA_SERVER_DETECTION = 'none';

import type protobuf from 'protobufjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startGeminiFake, type GeminiFake, type ModelReply } from '../../sandbox/gemini';
import { describeTable } from '../../sandbox/gemini/proto-json';
import { closure, contractsPresent, loadGeminiProtos, PACKAGE, protoJsonProblems } from '../support/gemini-protos';
import { postGenerate, sseEvents, userText, weatherTool } from '../support/gemini-wire';
import { expectAppRequestsValid, recordAppRequests } from '../support/gemini-app-requests';

const present = contractsPresent();
let root: protobuf.Root;
let fake: GeminiFake;
const type = (name: string) => root.lookupType(`${PACKAGE}.${name}`);

beforeAll(async () => {
  if (present) root = loadGeminiProtos();
  fake = await startGeminiFake();
});
afterAll(async () => fake.close());
beforeEach(() => fake.reset());

const short = (full: string) => full.replace(/^\.google\.(ai\.generativelanguage\.v1beta|type|protobuf)\./, '');

function specOf(f: protobuf.Field): string {
  const t = f.resolvedType ? `${'values' in f.resolvedType ? '#' : ''}${short(f.resolvedType.fullName)}` : f.type;
  const mark = f.partOf ? (f.partOf.name.startsWith('_') ? '?' : `|${f.partOf.name}`) : '';
  return `${f.name}:${f.map ? `{${t}}` : t}${f.repeated ? '[]' : ''}${mark}`;
}

describe.skipIf(!present)('Gemini fake against the v1beta message definitions', () => {
  it("the fake's table is the .proto: every reachable message, field name, type, list, map, presence, oneof and enum value", () => {
    const reach = closure(type('GenerateContentRequest'));
    closure(type('GenerateContentResponse'), reach);
    const expected: Record<string, string[]> = {};
    const enums: Record<string, string[]> = {};
    for (const [full, t] of reach) {
      expected[short(full)] = t.fieldsArray.map(specOf).sort();
      for (const f of t.fieldsArray)
        if (f.resolvedType && 'values' in f.resolvedType) enums[short(f.resolvedType.fullName)] = Object.keys(f.resolvedType.values);
    }
    const table = describeTable();
    const actual = Object.fromEntries(
      Object.entries(table.messages).map(([m, fields]) => [
        m,
        fields.map((f) => `${f.json}:${f.map ? `{${f.type}}` : f.type}${f.repeated ? '[]' : ''}${f.oneof ? `|${f.oneof}` : f.presence ? '?' : ''}`).sort(),
      ]),
    );
    expect(actual).toEqual(expected);
    expect(table.enums).toEqual(enums);
  });

  const REPLIES: [string, ModelReply, Record<string, unknown>?][] = [
    ['text', { text: 'Hello there, this is a longer answer.' }],
    [
      'parallel calls with text',
      {
        text: 'Checking.',
        calls: [
          { name: 'get_weather', args: { city: 'Oslo' } },
          { name: 'get_weather', args: { city: 'Rome' }, id: 'c2' },
        ],
      },
    ],
    ['thought summary', { text: 'Done.', thoughts: '**Plan**' }, { thinkingConfig: { includeThoughts: true } }],
    ['cut by maxOutputTokens', { text: 'An answer far too long for the limit it was given.', thinkingTokens: 5 }, { maxOutputTokens: 8 }],
    ['nothing left after thinking', { text: 'Never seen.' }, { maxOutputTokens: 50 }],
    ['blocked prompt', { blocked: 'SAFETY' }],
    ['stopped for recitation', { finishReason: 'RECITATION' }],
    ['empty candidate', { empty: true }],
  ];

  it.each(REPLIES)('its answer "%s" is proto3 JSON of GenerateContentResponse, whole and streamed', async (_name, reply, generationConfig) => {
    for (const [model, stream] of [
      ['gemini-2.5-flash', false],
      ['gemini-3-pro-preview', true],
      ['gemini-2.0-flash', true],
    ] as const) {
      fake.script(reply);
      const body = { contents: [userText('hi')], tools: [weatherTool], ...(generationConfig ? { generationConfig } : {}) };
      const r = await postGenerate(fake, model, body, { stream });
      expect(r.status, r.text).toBe(200);
      for (const event of stream ? sseEvents(r.text) : [r.json]) expect(protoJsonProblems(event, type('GenerateContentResponse'), 'response')).toEqual([]);
    }
  });

  it('its errors are google.rpc.Status whose details are real google.rpc types', async () => {
    fake.script({ error: { status: 429, retryDelaySec: 3 } });
    const bodies = [
      await postGenerate(fake, 'gemini-2.5-flash', { contents: [userText('hi')] }),
      await postGenerate(fake, 'gemini-2.5-flash', { contents: [userText('hi')], nope: 1 }),
      await postGenerate(fake, 'gemini-9', { contents: [userText('hi')] }),
    ].map((r) => r.json.error as Record<string, unknown>);
    const status = root.lookupType('google.rpc.Status');
    for (const error of bodies) {
      // Google's JSON errors are google.rpc.Status plus `status`, the canonical code's name.
      expect(Object.keys(error).filter((k) => !(k in status.fields) && k !== 'status')).toEqual([]);
      expect(error).toMatchObject({ code: expect.any(Number), message: expect.any(String), status: expect.stringMatching(/^[A-Z_]+$/) });
      for (const { '@type': at, ...rest } of (error.details ?? []) as Record<string, unknown>[]) {
        const detail = root.lookupType(String(at).replace('type.googleapis.com/', ''));
        expect(protoJsonProblems(rest, detail, 'response')).toEqual([]);
      }
    }
  });

  it('every request the app sends (chat with all tools, streamed and not, after a tool call; the digest summary) is a GenerateContentRequest', async () => {
    const sent = await recordAppRequests(fake);
    expect(sent.length).toBeGreaterThanOrEqual(4);
    expectAppRequestsValid(root, sent);
  });
});
