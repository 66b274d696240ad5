// Keeps the Google fake's push routes (Gmail history/watch/stop/profile, Calendar events.watch
// and channels.stop) honest against Google's discovery documents beside the checkout
// (../shared/contracts/google): same paths and methods, responses only with declared fields and
// JSON types, accepted scopes among those the method lists. Skips cleanly without the documents.
process.env.METADATA_SERVER_DETECTION = 'none';

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METHOD_SCOPES, startGoogleFake, type GoogleFake } from '../../sandbox/google';

const dir = path.resolve(process.cwd(), '../shared/contracts/google');
const exists = fs.existsSync(path.join(dir, 'gmail-v1.json'));

interface Schema {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema;
  items?: Schema;
}
interface Method {
  path: string;
  httpMethod: string;
  response?: Schema;
  scopes?: string[];
}
interface Node {
  methods?: Record<string, Method>;
  resources?: Record<string, Node>;
}
interface Discovery extends Node {
  servicePath: string;
  schemas: Record<string, Schema>;
}

const load = (name: string) => JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as Discovery;

function method(doc: Discovery, id: string): Method {
  const names = id.split('.');
  let node: Node = doc;
  for (const n of names.slice(0, -1)) node = node.resources?.[n] ?? {};
  const m = node.methods?.[names.at(-1) ?? ''];
  if (!m) throw new Error(`discovery has no method ${id}`);
  return m;
}

function violations(value: unknown, schema: Schema, doc: Discovery, at: string): string[] {
  if (schema.$ref) return violations(value, doc.schemas[schema.$ref] ?? {}, doc, at);
  if (schema.type === 'array')
    return Array.isArray(value) ? value.flatMap((v, i) => violations(v, schema.items ?? {}, doc, `${at}[${i}]`)) : [`${at}: expected array`];
  if (schema.type === 'object' || schema.properties || schema.additionalProperties) {
    if (typeof value !== 'object' || value === null) return [`${at}: expected object`];
    return Object.entries(value).flatMap(([k, v]) => {
      const prop = schema.properties?.[k] ?? schema.additionalProperties;
      return prop ? violations(v, prop, doc, `${at}.${k}`) : [`${at}.${k}: not in schema`];
    });
  }
  const jsonType = schema.type === 'integer' || schema.type === 'number' ? 'number' : schema.type === 'boolean' ? 'boolean' : 'string';
  return typeof value === jsonType ? [] : [`${at}: expected ${jsonType}`];
}

describe.skipIf(!exists)('Google fake push routes vs discovery documents', () => {
  let g: GoogleFake;
  let token: string;
  let docs: Record<'gmail' | 'calendar', Discovery>;
  const EMAIL = 'contract@example.com';

  beforeAll(async () => {
    docs = { gmail: load('gmail-v1.json'), calendar: load('calendar-v3.json') };
    g = await startGoogleFake();
    g.addAccount({ email: EMAIL });
    token = g.issueAccessToken(EMAIL);
    g.seedMessages(EMAIL, [
      { from: 'a@example.com', subject: 'one' },
      { from: 'b@example.com', subject: 'two' },
    ]);
  });
  afterAll(() => g?.close());

  async function call(api: 'gmail' | 'calendar', id: string, params: Record<string, string>, query = '', body?: unknown) {
    const m = method(docs[api], id);
    const filled = m.path.replace(/\{\+?(\w+)\}/g, (_, p: string) => encodeURIComponent(params[p] ?? ''));
    const res = await fetch(`${g.url}/${docs[api].servicePath}${filled}${query}`, {
      method: m.httpMethod,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as unknown) : undefined, m };
  }

  it.each([
    ['gmail', 'users.history.list', { userId: 'me' }, '?startHistoryId=1&historyTypes=messageAdded&labelId=INBOX&maxResults=1', undefined],
    ['gmail', 'users.watch', { userId: 'me' }, '', { topicName: 'projects/p/topics/gmail-push', labelIds: ['INBOX'], labelFilterBehavior: 'include' }],
    ['gmail', 'users.getProfile', { userId: 'me' }, '', undefined],
    [
      'calendar',
      'events.watch',
      { calendarId: 'primary' },
      '',
      { id: 'contract-channel-1', type: 'web_hook', address: 'https://example.com/hook', token: 't', params: { ttl: '3600' } },
    ],
  ] as const)('%s %s: served at the discovery path, answers in schema', async (api, id, params, query, body) => {
    const res = await call(api, id, params, query, body);
    expect(res.status).toBe(200);
    expect(violations(res.json, res.m.response ?? {}, docs[api], id)).toEqual([]);
  });

  it('users.stop and channels.stop answer 204 with no body', async () => {
    expect((await call('gmail', 'users.stop', { userId: 'me' })).status).toBe(204);
    const watched = await call('calendar', 'events.watch', { calendarId: 'primary' }, '', {
      id: 'contract-channel-2',
      type: 'web_hook',
      address: 'https://example.com/hook',
    });
    const resourceId = (watched.json as { resourceId: string }).resourceId;
    expect((await call('calendar', 'channels.stop', {}, '', { id: 'contract-channel-2', resourceId })).status).toBe(204);
  });

  it('history.list answers 404 for a startHistoryId older than the mailbox keeps', async () => {
    g.push.expireHistory(EMAIL, '999999');
    expect((await call('gmail', 'users.history.list', { userId: 'me' }, '?startHistoryId=5')).status).toBe(404);
  });

  it('the scopes the push routes accept are ones the discovery documents list', () => {
    for (const [api, id] of [
      ['gmail', 'users.history.list'],
      ['gmail', 'users.watch'],
      ['gmail', 'users.getProfile'],
      ['calendar', 'events.watch'],
      ['calendar', 'channels.stop'],
    ] as const) {
      const accepted = api === 'gmail' ? METHOD_SCOPES.gmailMessagesList : METHOD_SCOPES.calendarEventsList;
      const declared = method(docs[api], id).scopes ?? [];
      expect(
        accepted.filter((s) => !declared.includes(s)),
        id,
      ).toEqual([]);
    }
  });
});
