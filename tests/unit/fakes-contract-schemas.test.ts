// The Google and X fakes checked against the providers' published descriptions with a JSON
// Schema validator (ajv): the responses the fakes give the real SDKs — recurring instances, the
// requested time zone, repeated search parameters, user.fields, problems — must validate against
// the discovery documents' and X's OpenAPI schemas, and what the SDKs sent must use only declared
// parameters and body fields. Reads ../shared/contracts when present; skips cleanly without it.
process.env.METADATA_SERVER_DETECTION = 'none';

import http from 'node:http';
import { calendar } from '@googleapis/calendar';
import { gmail } from '@googleapis/gmail';
import { youtube } from '@googleapis/youtube';
import { OAuth2Client } from 'google-auth-library';
import { TwitterApi } from 'twitter-api-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGoogleFake, type GoogleFake } from '../../sandbox/google';
import { OPERATION_SCOPES, startXFake, type XFake } from '../../sandbox/x';
import { baseUrlPlugin } from '../../shared/providers/x/base-url-plugin';
import { contractFile } from '../support/contracts';
import {
  discoveryMethod,
  discoveryValidators,
  type DiscoveryDoc,
  errorsOf,
  loadJson,
  openApiValidators,
  undeclaredParameters,
} from '../support/contract-validators';

const files = {
  calendar: contractFile('google/calendar-v3.json'),
  gmail: contractFile('google/gmail-v1.json'),
  youtube: contractFile('google/youtube-v3.json'),
};
const xFile = contractFile('x/openapi.json');

describe.skipIf(!files.calendar || !files.gmail || !files.youtube)('Google fake vs discovery documents (ajv)', () => {
  let g: GoogleFake;
  let docs: Record<keyof typeof files, DiscoveryDoc>;
  let schema: Record<keyof typeof files, ReturnType<typeof discoveryValidators>>;
  const EMAIL = 'contract@example.com';
  const auth = () => {
    const c = new OAuth2Client({ clientId: g.clientId });
    c.setCredentials({ access_token: g.issueAccessToken(EMAIL), expiry_date: Date.now() + 3_600_000 });
    return c;
  };

  beforeAll(async () => {
    docs = { calendar: loadJson(files.calendar ?? ''), gmail: loadJson(files.gmail ?? ''), youtube: loadJson(files.youtube ?? '') };
    // The 2020 YouTube document predates snippet.publishTime, which search results carry.
    schema = {
      calendar: discoveryValidators(docs.calendar),
      gmail: discoveryValidators(docs.gmail),
      youtube: discoveryValidators(docs.youtube, { 'SearchResultSnippet.publishTime': { type: 'string', format: 'date-time' } }),
    };
    g = await startGoogleFake({ apiKey: 'k' });
    g.addAccount({ email: EMAIL, timeZone: 'Europe/Lisbon' });
    g.seedEvents(EMAIL, 'primary', [
      {
        summary: 'Standup',
        start: { dateTime: '2030-01-07T09:00:00', timeZone: 'Europe/Lisbon' },
        end: { dateTime: '2030-01-07T09:15:00', timeZone: 'Europe/Lisbon' },
        recurrence: ['RRULE:FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;COUNT=10'],
        attendees: ['a@example.com'],
      },
      { summary: 'Holiday', start: '2030-01-09', end: '2030-01-10', recurrence: ['RRULE:FREQ=YEARLY'] },
    ]);
    g.seedMessages(EMAIL, [{ from: 'Ana <ana@example.com>', subject: 'Hi', body: 'Hello there' }]);
  });
  afterAll(() => g?.close());

  /** Validates the response, and the request the SDK made, against the method `id`. */
  function check(api: keyof typeof files, id: string, data: unknown, ignore: string[] = []) {
    const m = discoveryMethod(docs[api], id);
    const validate = schema[api](m.response?.$ref ?? '');
    expect(validate(data), errorsOf(validate).join('\n')).toBe(true);
    const sent = g.requests.at(-1);
    expect(undeclaredParameters(m, sent?.query ?? {}, ignore), id).toEqual([]);
    if (m.request && sent?.json !== undefined) {
      const body = schema[api](m.request.$ref);
      expect(body(sent.json), errorsOf(body).join('\n')).toBe(true);
    }
  }

  it('events.list: instances of recurring series, in a requested zone', async () => {
    const api = calendar({ version: 'v3', auth: auth(), rootUrl: g.rootUrl, retry: false });
    const res = await api.events.list({
      calendarId: 'primary',
      timeMin: '2030-01-06T00:00:00Z',
      timeMax: '2030-01-20T00:00:00Z',
      singleEvents: true,
      orderBy: 'startTime',
      timeZone: 'Asia/Tokyo',
      maxResults: 50,
    });
    expect(res.data.items?.filter((e) => e.recurringEventId && e.originalStartTime)).toHaveLength(11);
    check('calendar', 'events.list', res.data);
  });

  it('events.list: the series themselves, with recurrence', async () => {
    const api = calendar({ version: 'v3', auth: auth(), rootUrl: g.rootUrl, retry: false });
    const res = await api.events.list({ calendarId: 'primary', timeMin: '2030-01-06T00:00:00Z', timeMax: '2030-01-20T00:00:00Z' });
    expect(res.data.items?.every((e) => Array.isArray(e.recurrence))).toBe(true);
    check('calendar', 'events.list', res.data);
  });

  it('events.insert: a recurring event, request and response', async () => {
    const api = calendar({ version: 'v3', auth: auth(), rootUrl: g.rootUrl, retry: false });
    const res = await api.events.insert({
      calendarId: 'primary',
      sendUpdates: 'none',
      requestBody: {
        summary: 'Gym',
        start: { dateTime: '2030-02-01T18:00:00+00:00', timeZone: 'Europe/Lisbon' },
        end: { dateTime: '2030-02-01T19:00:00+00:00', timeZone: 'Europe/Lisbon' },
        recurrence: ['RRULE:FREQ=WEEKLY;INTERVAL=2'],
      },
    });
    check('calendar', 'events.insert', res.data);
  });

  it('users.messages.list with OR and groups, and users.messages.get', async () => {
    const api = gmail({ version: 'v1', auth: auth(), rootUrl: g.rootUrl, retry: false });
    const list = await api.users.messages.list({ userId: 'me', q: '(from:ana OR from:bo) {hello hi}', maxResults: 5 });
    expect(list.data.messages).toHaveLength(1);
    check('gmail', 'users.messages.list', list.data);
    const one = await api.users.messages.get({ userId: 'me', id: list.data.messages?.[0]?.id ?? '', format: 'metadata', metadataHeaders: ['From', 'Subject'] });
    check('gmail', 'users.messages.get', one.data);
  });

  it('search.list with repeated part and type', async () => {
    const api = youtube({ version: 'v3', rootUrl: g.rootUrl, retry: false });
    const res = await api.search.list({ key: 'k', part: ['id', 'snippet'], type: ['video', 'channel'], q: 'pasta', maxResults: 3 });
    expect(res.data.items?.every((i) => i.snippet)).toBe(true);
    check('youtube', 'search.list', res.data, ['key']);
  });

  it('the validator itself refuses what the descriptions do not allow', () => {
    const event = schema.calendar('Event');
    expect(event({ kind: 'calendar#event', recurrence: 'RRULE:FREQ=DAILY' })).toBe(false);
    expect(event({ kind: 'calendar#event', instanceOf: 'x' })).toBe(false);
    expect(event({ kind: 'calendar#events' })).toBe(false);
    // 64-bit integers travel as JSON strings in Google APIs.
    expect(schema.gmail('Message')({ id: 'x', internalDate: 5 })).toBe(false);
    expect(schema.gmail('Message')({ id: 'x', internalDate: '5' })).toBe(true);
    expect(undeclaredParameters(discoveryMethod(docs.calendar, 'events.list'), { singleEvents: 'true', tz: 'UTC' })).toEqual([
      'tz: not a query parameter of the method',
    ]);
  });
});

describe.skipIf(!xFile)('X fake vs the X API v2 OpenAPI description (ajv)', () => {
  let x: XFake;
  let doc: {
    paths: Record<string, Record<string, { security?: Array<Record<string, string[]>> }>>;
    components: { parameters: { UserFieldsParameter: { schema: { items: { enum: string[] } } } } };
  };
  let validator: ReturnType<typeof openApiValidators>;
  const httpAgent = new http.Agent();
  const client = () => new TwitterApi(x.issueTokens('301').accessToken, { plugins: [baseUrlPlugin(x.url)], httpAgent });

  beforeAll(async () => {
    doc = loadJson(xFile ?? '');
    validator = openApiValidators(doc);
    x = await startXFake({ clientId: 'c', clientSecret: 's' });
    x.addUser({ id: '301', username: 'dora', name: 'Dora' });
  });
  afterAll(async () => {
    await x?.close();
    httpAgent.destroy();
  });

  const valid = (pointer: string, data: unknown) => {
    const v = validator(pointer);
    expect(v(data), errorsOf(v).join('\n')).toBe(true);
  };

  it('POST /2/tweets: request body and 201 response', async () => {
    const res = await client().v2.tweet('contract check example.com/x');
    valid('/paths/~12~1tweets/post/requestBody/content/application~1json/schema', x.requests.at(-1)?.json);
    valid('CreatePostsResponse', res);
  });

  it('GET /2/users/me with user.fields', async () => {
    const res = await client().v2.me({ 'user.fields': ['created_at', 'description', 'protected', 'public_metrics', 'verified', 'profile_image_url'] });
    valid('GetUsersMeResponse', res);
    const fields = String(x.requests.at(-1)?.query['user.fields']).split(',');
    const allowed = doc.components.parameters.UserFieldsParameter.schema.items.enum;
    expect(allowed.length).toBeGreaterThan(10);
    expect(fields.filter((f) => !allowed.includes(f))).toEqual([]);
  });

  it('a bad parameter answers an InvalidRequestProblem', async () => {
    const e = await client()
      .v2.get('users/me', { 'user.fields': 'nope' })
      .catch((err: { data: unknown }) => err.data);
    valid('InvalidRequestProblem', e);
    expect(validator('InvalidRequestProblem')({ ...(e as object), type: 'https://api.twitter.com/2/problems/invalid-request' })).toBe(false);
  });

  it('enforces exactly the OAuth 2.0 scopes each operation declares', () => {
    const declared = (path: string, method: string) => doc.paths[path]?.[method]?.security?.find((s) => s.OAuth2UserToken)?.OAuth2UserToken ?? [];
    expect([...OPERATION_SCOPES['POST /2/tweets']].sort()).toEqual([...declared('/2/tweets', 'post')].sort());
    expect([...OPERATION_SCOPES['GET /2/users/me']].sort()).toEqual([...declared('/2/users/me', 'get')].sort());
  });
});
