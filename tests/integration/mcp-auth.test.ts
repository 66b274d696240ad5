import { request } from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { actions } from '../../shared/actions';
import { AccessTokenStore } from '../../shared/auth/access-tokens-store';
import { startHarness, type Harness } from '../support/harness';

// Who may call the mcp function: personal access tokens (created in the access-tokens endpoint,
// shown once, stored hashed, scoped, expiring, revocable, listed with last use), the 401 that
// points MCP clients at the RFC 9728 metadata, and the Host/Origin check against DNS rebinding.

let h: Harness;
const clients: Client[] = [];
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());
beforeEach(async () => h.reset());
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
});

async function connect(token: string): Promise<Client> {
  const client = new Client({ name: 'mcp-auth-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${h.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  clients.push(client);
  return client;
}

async function createToken(scope: 'read' | 'approvals', uid = 'dev-user') {
  const res = await h.call('access-tokens', { name: `test ${scope}`, scope, expires_in_days: 7 }, { headers: { authorization: `Bearer dev:${uid}` } });
  expect(res.status).toBe(201);
  return res.json.data as { token: string; access_token: { id: string } };
}

const initialize = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
};

/** A raw POST with any Host/Origin (fetch will not send another Host). */
function rawPost(headers: Record<string, string>, body: unknown = initialize): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const url = new URL(`${h.url}/mcp`);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe('personal access tokens', () => {
  it('are shown once, stored hashed, listed with last use, and refused once revoked', async () => {
    const { token, access_token } = await createToken('approvals');
    expect(token).toMatch(/^sfp_[0-9a-f]{24}_[\w-]{43}$/);
    const client = await connect(token);
    expect((await client.listTools()).tools.map((t) => t.name)).toContain('post_tweet');

    const listed = await h.call('access-tokens', undefined, { method: 'GET' });
    expect(listed.text).not.toContain(token.slice(-43));
    expect(listed.json.data.tokens).toEqual([
      expect.objectContaining({ id: access_token.id, scope: 'approvals', status: 'active', last_used_at: expect.any(String), revoked_at: null }),
    ]);
    const docs = JSON.stringify(await h.allDocuments());
    expect(docs).not.toContain(token.slice(-43));

    expect((await h.call(`access-tokens/${access_token.id}`, undefined, { method: 'DELETE', headers: { authorization: 'Bearer dev:mallory' } })).status).toBe(
      404,
    );
    const revoked = await h.call(`access-tokens/${access_token.id}`, undefined, { method: 'DELETE' });
    expect(revoked.json.data.access_token).toMatchObject({ status: 'revoked', revoked_at: expect.any(String) });
    const refused = await rawPost({ authorization: `Bearer ${token}`, host: new URL(h.url).host });
    expect(refused.status).toBe(401);
    expect(refused.headers['www-authenticate']).toBe(
      `Bearer error="invalid_token", resource_metadata="${h.env.PUBLIC_BASE_URL}/mcp/.well-known/oauth-protected-resource"`,
    );
    expect(JSON.parse(refused.body)).toMatchObject({ error: { code: 'unauthenticated', requestId: expect.any(String) } });
  });

  it('expire: a token past its expiry is refused', async () => {
    const { token } = await createToken('read');
    const later = new AccessTokenStore(h.runtime.stores.db, () => new Date(Date.now() + 8 * 24 * 3600_000));
    await expect(later.verify(token)).rejects.toMatchObject({ code: 'unauthenticated' });
    await expect(new AccessTokenStore(h.runtime.stores.db).verify(token)).resolves.toMatchObject({ uid: 'dev-user', scope: 'read' });
    await expect(new AccessTokenStore(h.runtime.stores.db).verify(`${token.slice(0, -1)}A`)).rejects.toMatchObject({ code: 'unauthenticated' });
  });

  it('a read-only token lists and calls reads only; no token can decide approvals or mint tokens', async () => {
    await h.connectX('dev-user');
    const { token } = await createToken('read');
    const client = await connect(token);
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).toEqual([...actions.filter((a) => a.effect === 'read').map((a) => a.name), 'get_approval_result']);
    const write = await client.callTool({ name: 'post_tweet', arguments: { text: 'not allowed' } });
    expect(write._meta?.['seven-functions/error']).toMatchObject({ code: 'forbidden' });
    expect(h.x.tweets()).toHaveLength(0);

    const full = await connect((await createToken('approvals')).token);
    const pending = (await full.callTool({ name: 'post_tweet', arguments: { text: 'waits' } })).structuredContent as { approval_id: string };
    const id = pending.approval_id;
    expect((await h.call(`approvals/${id}`, { decision: 'approve' }, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    const minted = await h.call('access-tokens', { name: 'x', scope: 'read' }, { headers: { authorization: `Bearer ${token}` } });
    expect(minted.status).toBe(401);
    expect(minted.json).toEqual({ error: { code: 'unauthenticated', message: expect.any(String), requestId: minted.headers.get('x-request-id') } });
    const bad = await h.call('access-tokens', { name: 'x', scope: 'admin' });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({ code: 'invalid_input', details: { issues: [expect.objectContaining({ path: ['scope'] })] } });
    expect((await h.call('access-tokens', undefined, { method: 'GET' })).json.data.tokens).toHaveLength(2);
    expect(h.x.tweets()).toHaveLength(0);
  });
});

describe('discovery and transport checks', () => {
  it('answers 401 with WWW-Authenticate naming the metadata, served at both RFC 9728 paths', async () => {
    const res = await rawPost({ authorization: 'Bearer not-a-token', host: new URL(h.url).host });
    expect(res.status).toBe(401);
    const metadata = `${h.env.PUBLIC_BASE_URL}/mcp/.well-known/oauth-protected-resource`;
    expect(res.headers['www-authenticate']).toContain(`resource_metadata="${metadata}"`);
    const expected = { resource: `${h.env.PUBLIC_BASE_URL}/mcp`, bearer_methods_supported: ['header'], scopes_supported: ['read', 'approvals'] };
    for (const path of ['mcp/.well-known/oauth-protected-resource', '.well-known/oauth-protected-resource/mcp']) {
      const doc = await fetch(`${h.url}/${path}`);
      expect(doc.status, path).toBe(200);
      expect(await doc.json()).toMatchObject(expected);
    }
  });

  it('refuses a foreign Host or Origin (DNS rebinding) and accepts loopback ones; GET and DELETE are 405', async () => {
    const host = new URL(h.url).host;
    expect((await rawPost({ host: 'evil.example.com', origin: 'http://evil.example.com' })).status).toBe(403);
    expect((await rawPost({ host, origin: 'http://evil.example.com' })).status).toBe(403);
    expect((await rawPost({ host, origin: 'null' })).status).toBe(403);
    const ok = await rawPost({ host, origin: `http://${host}` });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ result: { protocolVersion: '2025-11-25', serverInfo: { name: 'seven-functions' } } });
    for (const method of ['GET', 'DELETE']) {
      const res = await fetch(`${h.url}/mcp`, { method });
      expect(res.status, method).toBe(405);
      expect(res.headers.get('allow')).toBe('POST');
    }
  });
});
