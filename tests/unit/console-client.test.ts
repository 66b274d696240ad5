import { describe, expect, it } from 'vitest';
import type { FunctionName, MethodOf } from '../../console/src/api/types';
import { applyEvent, fromTranscript, type Message } from '../../console/src/ui/chat-model';
import { functionCatalog } from '../../functions/catalog';
import { buildOpenApiDocument } from '../../shared/http/openapi';

// The console's typed client and the backend describe the same API: every call the client can
// make (the compiler makes this list complete) is an operation of the OpenAPI document. And the
// chat screen's state: streamed events and stored transcripts become the same messages.

const CALLS: { [F in FunctionName]: MethodOf<F>[] } = {
  'integrations-status': ['GET'],
  connections: ['GET', 'PATCH', 'DELETE'],
  'oauth-start': ['GET'],
  chat: ['GET', 'POST'],
  approvals: ['GET', 'POST'],
  'list-orders': ['POST'],
  'get-order-status': ['POST'],
  'cancel-order': ['POST'],
  'digest-settings': ['GET', 'PUT'],
  'spending-policy': ['GET', 'PUT'],
};

describe('console API client', () => {
  const paths = buildOpenApiDocument(functionCatalog()).paths as Record<string, Record<string, unknown>>;
  it.each(Object.entries(CALLS))('%s is in the OpenAPI document with the methods the console uses', (fn, methods) => {
    for (const m of methods) expect(paths[`/${fn}`]?.[m.toLowerCase()], `${m} /${fn}`).toBeDefined();
  });
});

const approval = { id: 'appr-1234', tool: 'post_tweet', status: 'pending' } as never;

describe('chat messages', () => {
  it('builds an assistant message from streamed events', () => {
    let m: Message[] = [
      { kind: 'user', text: 'hi' },
      { kind: 'assistant', text: '', tools: [] },
    ];
    m = applyEvent(m, { type: 'tool_call', name: 'search_youtube', args: { query: 'x' } });
    m = applyEvent(m, { type: 'tool_result', report: { name: 'search_youtube', args: {}, status: 'ok', summary: '3 videos' } });
    m = applyEvent(m, { type: 'tool_call', name: 'post_tweet', args: { text: 'y' } });
    m = applyEvent(m, { type: 'approval', approval });
    m = applyEvent(m, { type: 'text', delta: 'Needs ' });
    m = applyEvent(m, { type: 'text', delta: 'approval.' });
    expect(m[1]).toEqual({
      kind: 'assistant',
      text: 'Needs approval.',
      tools: [
        { name: 'search_youtube', args: { query: 'x' }, status: 'ok', summary: '3 videos' },
        { name: 'post_tweet', args: { text: 'y' }, status: 'pending_approval', approval },
      ],
    });
  });

  it("starts a new paragraph where a later model step's text follows a tool call", () => {
    let m: Message[] = [
      { kind: 'user', text: 'buy it' },
      { kind: 'assistant', text: '', tools: [] },
    ];
    m = applyEvent(m, { type: 'text', delta: 'Getting a quote.' });
    m = applyEvent(m, { type: 'tool_call', name: 'quote_checkout', args: {} });
    m = applyEvent(m, { type: 'tool_result', report: { name: 'quote_checkout', args: {}, status: 'ok', summary: 'quoted' } });
    m = applyEvent(m, { type: 'text', delta: 'Here is ' });
    m = applyEvent(m, { type: 'text', delta: 'the receipt.' });
    expect(m[1]).toMatchObject({ text: 'Getting a quote.\n\nHere is the receipt.' });
    expect(m[1]).not.toHaveProperty('stepBreak');
  });

  it('rebuilds the same shape from a stored transcript, open approvals on their calls', () => {
    const m = fromTranscript({
      id: 'c1',
      title: 't',
      entries: [
        { role: 'user', text: 'hi' },
        { role: 'model', text: '', tool_calls: [{ name: 'search_youtube', args: { query: 'x' } }] },
        { role: 'tool', results: [{ name: 'search_youtube', ok: false, error: { code: 'upstream_error', message: 'down' } }] },
        { role: 'model', text: 'Trying to post.', tool_calls: [{ name: 'post_tweet', args: { text: 'y' } }] },
      ],
      pending_approvals: [approval],
    });
    expect(m).toEqual([
      { kind: 'user', text: 'hi' },
      { kind: 'assistant', text: '', tools: [{ name: 'search_youtube', args: { query: 'x' }, status: 'upstream_error', summary: 'down' }] },
      { kind: 'assistant', text: 'Trying to post.', tools: [{ name: 'post_tweet', args: { text: 'y' }, approval }] },
    ]);
  });
});
