import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { actions } from '../../shared/actions';
import { modelGate } from '../../shared/actions/define-action';
import { toolHints } from '../../shared/actions/tool-hints';
import { startHarness, type Harness } from '../support/harness';

// The MCP function through the official SDK's client over HTTP, against the same function host
// `npm start` runs: the tools derived from the registry, reads, writes that wait for the person's
// approval in the HTTP approvals API and come back through get_approval_result exactly once.

let h: Harness;
const clients: Client[] = [];
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());
beforeEach(async () => {
  await h.reset();
  marker = `mcp-${Math.random().toString(36).slice(2, 8)}`;
});
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
});

let marker = '';
const posted = () => h.x.tweets().filter((t) => t.text.includes(marker));

async function connect(authorization?: string): Promise<Client> {
  const client = new Client({ name: 'mcp-test', version: '1.0.0' });
  const headers: Record<string, string> = authorization ? { authorization } : {};
  await client.connect(new StreamableHTTPClientTransport(new URL(`${h.url}/mcp`), { requestInit: { headers } }));
  clients.push(client);
  return client;
}

type Result = Awaited<ReturnType<Client['callTool']>>;
const structured = (r: Result) => r.structuredContent as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('tools/list', () => {
  it('lists every action a model may call, in registry order, with the hints of its effect, and get_approval_result', async () => {
    const client = await connect();
    const { tools } = await client.listTools();
    const expected = actions.filter((a) => modelGate(a) !== 'human_only');
    expect(tools.map((t) => t.name)).toEqual([...expected.map((a) => a.name), 'get_approval_result']);
    for (const action of expected) {
      const tool = tools.find((t) => t.name === action.name);
      expect(tool?.annotations).toEqual(toolHints(action));
      expect(tool?.description).toContain(action.description);
      expect(tool?.inputSchema.type).toBe('object');
      expect(tool?.outputSchema?.type).toBe('object');
    }
    const humanOnly = actions.filter((a) => a.humanOnly).map((a) => a.name);
    expect(humanOnly.length).toBeGreaterThan(0);
    expect(tools.filter((t) => humanOnly.includes(t.name))).toEqual([]);
    expect(tools.find((t) => t.name === 'send_email')?.inputSchema.required).toEqual(expect.arrayContaining(['to', 'subject']));
    // Stable: a second client sees the same list.
    expect((await (await connect()).listTools()).tools).toEqual(tools);
  });
});

describe('protocol versions', () => {
  it('negotiates each version current clients speak, and answers a version it does not know with the latest', async () => {
    const init = (protocolVersion: string) =>
      fetch(`${h.url}/mcp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'initialize',
          params: { protocolVersion, capabilities: {}, clientInfo: { name: 'v', version: '1' } },
        }),
      }).then(async (r) => ({ status: r.status, session: r.headers.get('mcp-session-id'), body: (await r.json()) as { result: { protocolVersion: string } } }));
    for (const v of ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25']) {
      const r = await init(v);
      expect(r.status, v).toBe(200);
      expect(r.body.result.protocolVersion, v).toBe(v);
      expect(r.session, 'stateless: no session').toBeNull();
    }
    expect((await init('2023-01-01')).body.result.protocolVersion).toBe('2025-11-25');
  });
});

describe('tools/call', () => {
  it('runs a read and returns its output as structured content marked untrusted', async () => {
    await h.connectGoogle('dev-user', 'ana@example.com');
    const client = await connect();
    const r = await client.callTool({ name: 'list_calendar_events', arguments: { days_ahead: 7 } });
    expect(r.isError).toBeFalsy();
    expect(Array.isArray(structured(r).events)).toBe(true);
    expect(r._meta).toMatchObject({ 'seven-functions/untrusted': true });
    const text = (r.content as { type: string; text: string }[])[0]?.text ?? '';
    expect(text).toMatch(/^UNTRUSTED DATA/);
    expect(JSON.parse(text.slice(text.indexOf('\n') + 1))).toEqual(r.structuredContent);
  });

  it('answers bad arguments, an unconnected account and a human-only action as tool errors with our codes', async () => {
    const client = await connect();
    const bad = await client.callTool({ name: 'list_calendar_events', arguments: { days_ahead: 0 } });
    expect(bad.isError).toBe(true);
    expect(JSON.parse((bad.content as { text: string }[])[0]?.text ?? '')).toMatchObject({ error: { code: 'invalid_input', requestId: expect.any(String) } });
    const unconnected = await client.callTool({ name: 'list_recent_emails', arguments: {} });
    expect(unconnected._meta?.['seven-functions/error']).toMatchObject({ code: 'not_connected' });
    const human = await client.callTool({ name: 'approve_checkout', arguments: { approval_id: 'whatever-id' } });
    expect(human._meta?.['seven-functions/error']).toMatchObject({ code: 'forbidden' });
    await expect(client.callTool({ name: 'no_such_tool', arguments: {} })).rejects.toThrow(/Unknown tool/);
  });

  it('holds a write for approval; approving through the HTTP API runs it once and the client reads that one result', async () => {
    await h.connectX('dev-user');
    const client = await connect();
    const r = await client.callTool({ name: 'post_tweet', arguments: { text: `Hello from MCP ${marker}` } });
    const pending = structured(r);
    expect(pending).toMatchObject({
      status: 'pending_approval',
      tool: 'post_tweet',
      approval_url: `${h.env.PUBLIC_BASE_URL}/#/approvals/${pending.approval_id}`,
      preview: { kind: 'tweet', details: { text: `Hello from MCP ${marker}` } },
    });
    expect(r.content).toContainEqual(expect.objectContaining({ type: 'resource_link', uri: pending.approval_url }));
    expect(posted()).toHaveLength(0);
    const waiting = await client.callTool({ name: 'get_approval_result', arguments: { approval_id: pending.approval_id } });
    expect(structured(waiting)).toMatchObject({ status: 'pending' });

    const view = await h.call(`approvals/${pending.approval_id}`, undefined, { method: 'GET' });
    expect(view.json.data.approval).toMatchObject({ source: 'mcp', conversation_id: null, status: 'pending' });
    const approved = await h.call(`approvals/${pending.approval_id}`, { decision: 'approve' });
    expect(approved.status).toBe(200);
    expect(approved.json.data).toMatchObject({ decided: { status: 'executed' }, conversation_id: null, reply: 'Done.' });
    expect(posted()).toHaveLength(1);

    const done = await client.callTool({ name: 'get_approval_result', arguments: { approval_id: pending.approval_id } });
    expect(structured(done)).toMatchObject({ status: 'executed', result: { id: posted()[0]?.id } });
    expect((await h.call(`approvals/${pending.approval_id}`, { decision: 'approve' })).status).toBe(409);
    expect(structured(await client.callTool({ name: 'get_approval_result', arguments: { approval_id: pending.approval_id } }))).toEqual(structured(done));
    expect(posted()).toHaveLength(1);
  });

  it('a denied write has no effect and says so', async () => {
    await h.connectX('dev-user');
    const client = await connect();
    const id = structured(await client.callTool({ name: 'post_tweet', arguments: { text: `Never ${marker}` } })).approval_id;
    expect((await h.call(`approvals/${id}`, { decision: 'deny' })).json.data).toMatchObject({
      decided: { status: 'denied' },
      reply: expect.stringMatching(/nothing was run/i),
    });
    const r = structured(await client.callTool({ name: 'get_approval_result', arguments: { approval_id: id } }));
    expect(r).toMatchObject({ status: 'denied', message: expect.stringMatching(/Nothing was done/) });
    expect(r.result).toBeUndefined();
    expect(posted()).toHaveLength(0);
  });

  it('another user can neither read the result nor approve it', async () => {
    await h.connectX('dev-user');
    const mine = await connect();
    const id = structured(await mine.callTool({ name: 'post_tweet', arguments: { text: `Mine ${marker}` } })).approval_id;
    const theirs = await connect('Bearer dev:mallory');
    const read = await theirs.callTool({ name: 'get_approval_result', arguments: { approval_id: id } });
    expect(read._meta?.['seven-functions/error']).toMatchObject({ code: 'not_found' });
    const approve = await h.call(`approvals/${id}`, { decision: 'approve' }, { headers: { authorization: 'Bearer dev:mallory' } });
    expect(approve.status).toBe(404);
    expect(posted()).toHaveLength(0);
  });
});
