// Keeps the Google fake honest against Google's own discovery documents, when they are present
// beside the checkout (../shared/contracts/google). Every method the fake claims to serve must
// exist at the same path, its responses may only use fields (and JSON types) the schema declares,
// and the scopes it accepts must be ones the method lists. Skips cleanly without the documents.
process.env.METADATA_SERVER_DETECTION = 'none';

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METHOD_SCOPES, startGoogleFake, type GoogleFake } from '../../sandbox/google';
import { contractFile, contractsDir } from '../support/contracts';

const dir = path.join(contractsDir() ?? '', 'google');
const exists = contractFile('google/calendar-v3.json') !== undefined;

interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  default?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema;
  items?: Schema;
}
interface Method {
  path: string;
  httpMethod: string;
  parameters?: Record<string, unknown>;
  response?: Schema;
  scopes?: string[];
}
interface Discovery {
  servicePath: string;
  schemas: Record<string, Schema>;
  resources: Record<string, { methods?: Record<string, Method>; resources?: Discovery['resources'] }>;
}

const load = (name: string): Discovery => JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as Discovery;

/** resources.a.resources.b.methods.c for the dotted id "a.b.c". */
function method(doc: Discovery, id: string): Method {
  const names = id.split('.');
  let node: { methods?: Record<string, Method>; resources?: Discovery['resources'] } = { resources: doc.resources };
  for (const n of names.slice(0, -1)) node = node.resources?.[n] ?? {};
  const m = node.methods?.[names.at(-1) ?? ''];
  if (!m) throw new Error(`discovery has no method ${id}`);
  return m;
}

/**
 * Fields the live API returns that the discovery document does not (yet) declare. Each entry is a
 * deliberate exception: search results have carried `snippet.publishTime` since 2020.
 */
const UNDECLARED_BUT_REAL = new Set(['SearchResultSnippet.publishTime']);

/** Paths of values that the schema does not allow, by name or JSON type. */
function violations(value: unknown, schema: Schema, doc: Discovery, at: string, owner = ''): string[] {
  if (schema.$ref) {
    const target = doc.schemas[schema.$ref];
    return target ? violations(value, target, doc, at, schema.$ref) : [`${at}: unknown $ref ${schema.$ref}`];
  }
  const type = schema.type;
  if (type === 'array') {
    if (!Array.isArray(value)) return [`${at}: expected array`];
    return value.flatMap((v, i) => violations(v, schema.items ?? {}, doc, `${at}[${i}]`));
  }
  if (type === 'object' || schema.properties || schema.additionalProperties) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${at}: expected object`];
    return Object.entries(value).flatMap(([k, v]) => {
      const prop = schema.properties?.[k] ?? schema.additionalProperties;
      if (prop) return violations(v, prop, doc, `${at}.${k}`);
      return UNDECLARED_BUT_REAL.has(`${owner}.${k}`) ? [] : [`${at}.${k}: not in schema ${owner || '(inline)'}`];
    });
  }
  // 64-bit integers travel as JSON strings in Google APIs.
  const jsonType = type === 'integer' || type === 'number' ? 'number' : type === 'boolean' ? 'boolean' : 'string';
  if (typeof value !== jsonType) return [`${at}: expected ${type}${schema.format ? `/${schema.format}` : ''} as ${jsonType}`];
  if (at.endsWith('.kind') && schema.default && value !== schema.default) return [`${at}: kind ${String(value)} != ${schema.default}`];
  return [];
}

describe.skipIf(!exists)('Google fake vs discovery documents', () => {
  let g: GoogleFake;
  let token: string;
  let docs: Record<'calendar' | 'gmail' | 'youtube', Discovery>;

  beforeAll(async () => {
    docs = { calendar: load('calendar-v3.json'), gmail: load('gmail-v1.json'), youtube: load('youtube-v3.json') };
    g = await startGoogleFake();
    g.addAccount({ email: 'contract@example.com' });
    token = g.issueAccessToken('contract@example.com');
    g.seedEvents('contract@example.com', 'primary', [
      { summary: 'Review', start: '2030-01-01T10:00:00Z', end: '2030-01-01T11:00:00Z', attendees: ['a@example.com'] },
      { summary: 'Holiday', start: '2030-01-02', end: '2030-01-03' },
    ]);
    g.seedMessages('contract@example.com', [{ from: 'Ana <ana@example.com>', subject: 'Hi', body: 'Hello there' }]);
  });
  afterAll(() => g?.close());

  /** Call the fake at the discovery path of `id`, with path params filled in. */
  async function call(api: keyof typeof docs, id: string, params: Record<string, string>, query = '', body?: unknown) {
    const m = method(docs[api], id);
    const filled = m.path.replace(/\{\+?(\w+)\}/g, (_, p: string) => encodeURIComponent(params[p] ?? ''));
    const res = await fetch(`${g.url}/${docs[api].servicePath}${filled}${query}`, {
      method: m.httpMethod,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json: unknown = await res.json();
    return { status: res.status, json, schema: m.response ?? {} };
  }

  const cases: Array<[keyof typeof docs, string, Record<string, string>, string, unknown?]> = [
    ['calendar', 'events.list', { calendarId: 'primary' }, '?singleEvents=true&orderBy=startTime'],
    ['calendar', 'events.insert', { calendarId: 'primary' }, '?sendUpdates=none', { summary: 'x', start: { date: '2030-02-01' }, end: { date: '2030-02-02' } }],
    [
      'calendar',
      'freebusy.query',
      {},
      '',
      { timeMin: '2030-01-01T00:00:00Z', timeMax: '2030-01-03T00:00:00Z', items: [{ id: 'primary' }, { id: 'nope@example.com' }] },
    ],
    ['calendar', 'calendars.get', { calendarId: 'primary' }, ''],
    ['gmail', 'users.messages.list', { userId: 'me' }, '?maxResults=10'],
    ['gmail', 'users.messages.send', { userId: 'me' }, '', { raw: Buffer.from('To: b@example.com\r\nSubject: s\r\n\r\nbody').toString('base64url') }],
    ['youtube', 'search.list', {}, '?part=snippet&q=pasta&type=video&maxResults=3'],
  ];

  it.each(cases)('%s %s: served at the discovery path, answers in schema', async (api, id, params, query, body) => {
    const res = await call(api, id, params, query, body);
    expect(res.status).toBe(200);
    expect(violations(res.json, res.schema, docs[api], id)).toEqual([]);
  });

  it.each(['full', 'metadata', 'minimal', 'raw'])('gmail users.messages.get format=%s answers in schema', async (format) => {
    const [msg] = g.messages('contract@example.com');
    const res = await call('gmail', 'users.messages.get', { userId: 'me', id: msg?.id ?? '' }, `?format=${format}`);
    expect(res.status).toBe(200);
    expect(violations(res.json, res.schema, docs.gmail, 'users.messages.get')).toEqual([]);
  });

  it('the checker itself catches unknown fields, int64-as-number and wrong kinds', () => {
    const schema = method(docs.gmail, 'users.messages.get').response ?? {};
    expect(violations({ id: 'x', internalDate: 5, bogus: 1 }, schema, docs.gmail, 'm')).toEqual([
      'm.internalDate: expected string/int64 as string',
      'm.bogus: not in schema Message',
    ]);
    const events = method(docs.calendar, 'events.list').response ?? {};
    expect(violations({ kind: 'calendar#event' }, events, docs.calendar, 'e')).toHaveLength(1);
  });

  it('accepts only scopes the discovery documents list for each method', () => {
    const ids: Record<keyof typeof METHOD_SCOPES, [keyof typeof docs, string]> = {
      calendarEventsList: ['calendar', 'events.list'],
      calendarEventsInsert: ['calendar', 'events.insert'],
      calendarFreebusyQuery: ['calendar', 'freebusy.query'],
      calendarCalendarsGet: ['calendar', 'calendars.get'],
      gmailMessagesList: ['gmail', 'users.messages.list'],
      gmailMessagesGet: ['gmail', 'users.messages.get'],
      gmailMessagesSend: ['gmail', 'users.messages.send'],
      youtubeSearch: ['youtube', 'search.list'],
    };
    for (const [key, [api, id]] of Object.entries(ids)) {
      const declared = method(docs[api], id).scopes ?? [];
      expect(
        METHOD_SCOPES[key as keyof typeof METHOD_SCOPES].filter((s) => !declared.includes(s)),
        id,
      ).toEqual([]);
    }
  });

  it('uses only declared query parameters for the methods it serves', () => {
    const read: Record<string, string[]> = {
      'calendar events.list': [
        'calendarId',
        'maxResults',
        'orderBy',
        'pageToken',
        'q',
        'showDeleted',
        'singleEvents',
        'syncToken',
        'timeMax',
        'timeMin',
        'timeZone',
      ],
      'calendar events.insert': ['calendarId', 'sendUpdates'],
      'gmail users.messages.list': ['userId', 'q', 'labelIds', 'maxResults', 'pageToken', 'includeSpamTrash'],
      'gmail users.messages.get': ['userId', 'id', 'format', 'metadataHeaders'],
      'youtube search.list': ['part', 'q', 'maxResults', 'order', 'publishedAfter', 'publishedBefore', 'type', 'pageToken', 'regionCode'],
    };
    for (const [key, params] of Object.entries(read)) {
      const [api, id] = key.split(' ') as [keyof typeof docs, string];
      const declared = Object.keys(method(docs[api], id).parameters ?? {});
      expect(
        params.filter((p) => !declared.includes(p)),
        key,
      ).toEqual([]);
    }
  });
});
