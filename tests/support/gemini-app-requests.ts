import type protobuf from 'protobufjs';
import { expect } from 'vitest';
import type { GeminiFake } from '../../sandbox/gemini';
import { actions } from '../../shared/actions';
import { declarationsFor } from '../../shared/actions/declarations';
import { loadConfig } from '../../shared/config';
import { createLogger } from '../../shared/log';
import { createGeminiModel } from '../../shared/orchestrator/gemini-model';
import { PACKAGE, protoJsonProblems } from './gemini-protos';

// Drives the app's Gemini model client against the fake the way a chat does (every action
// declared, a tool call, its answer sent back, streamed and not) and returns the request bodies
// exactly as they went over the wire, for checks against the message definitions.

export async function recordAppRequests(fake: GeminiFake): Promise<unknown[]> {
  fake.resetRecords();
  const model = createGeminiModel({
    config: loadConfig({ GOOGLE_CLOUD_PROJECT: 'p', AUTH_MODE: 'dev', GEMINI_BASE_URL: fake.url }),
    secrets: { get: async () => ({ value: fake.apiKey, version: '1' }), has: async () => true },
    log: createLogger({ sink: () => {} }),
  });
  const opts = () => ({ signal: new AbortController().signal, deadlineAt: Date.now() + 10_000 });
  const tools = declarationsFor(actions);
  const user = { role: 'user' as const, parts: [{ text: "What's on my calendar?" }] };
  fake.script(
    { calls: [{ name: 'list_calendar_events', args: { days_ahead: 7 }, id: 'call-1' }] },
    { text: 'Two meetings.' },
    { text: 'Hi.' },
    { text: 'Hi again.' },
  );
  const first = await model.generate({ systemInstruction: 'Be brief.', contents: [user], tools }, opts());
  const answer = { role: 'user' as const, parts: [{ functionResponse: { name: 'list_calendar_events', id: 'call-1', response: { output: { events: [] } } } }] };
  const history = [user, first.content ?? { role: 'model' as const, parts: [] }, answer];
  await model.generate({ systemInstruction: 'Be brief.', contents: history, tools }, { ...opts(), onText: () => {} });
  await model.generate({ systemInstruction: 'Be brief.', contents: [user], tools: [] }, opts());
  await model.generate({ systemInstruction: 'Be brief.', contents: [user], tools: [] }, { ...opts(), onText: () => {} });
  return generateBodies(fake);
}

/** The JSON bodies of every generate call the fake received, as sent. */
export function generateBodies(fake: GeminiFake): unknown[] {
  return fake.requests.filter((r) => /:(stream)?[gG]enerateContent$/.test(r.path)).map((r) => r.json);
}

export function expectAppRequestsValid(root: protobuf.Root, bodies: unknown[]): void {
  const request = root.lookupType(`${PACKAGE}.GenerateContentRequest`);
  for (const body of bodies) expect(protoJsonProblems(body, request, 'request')).toEqual([]);
}
