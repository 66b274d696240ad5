// Discovery documents do not describe error bodies, so the Google fake's failures are validated
// (ajv) against Google's documented JSON error format instead: {error:{code, message, errors:
// [{domain, reason, message, location?, locationType?}], status?}}, with the domain and reason
// each API documents for that failure.
// https://cloud.google.com/apis/design/errors#http_mapping
// https://developers.google.com/workspace/calendar/api/guides/errors
// https://developers.google.com/youtube/v3/docs/errors
process.env.METADATA_SERVER_DETECTION = 'none';

import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGoogleFake, type GoogleFake } from '../../sandbox/google';

const ErrorBody = {
  type: 'object',
  required: ['error'],
  additionalProperties: false,
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'errors'],
      additionalProperties: false,
      properties: {
        code: { type: 'integer' },
        message: { type: 'string' },
        status: { enum: ['INVALID_ARGUMENT', 'UNAUTHENTICATED', 'PERMISSION_DENIED', 'NOT_FOUND', 'ABORTED', 'RESOURCE_EXHAUSTED', 'INTERNAL', 'UNAVAILABLE'] },
        details: { type: 'array' },
        errors: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            required: ['domain', 'reason', 'message'],
            additionalProperties: false,
            properties: {
              domain: { type: 'string' },
              reason: { type: 'string' },
              message: { type: 'string' },
              location: { type: 'string' },
              locationType: { type: 'string' },
            },
          },
        },
      },
    },
  },
};
const validate = new Ajv({ allErrors: true }).compile(ErrorBody);

let g: GoogleFake;
let token: string;
beforeAll(async () => {
  g = await startGoogleFake({ apiKey: 'k', youtubeDailyQuota: 0 });
  g.addAccount({ email: 'err@example.com' });
  token = g.issueAccessToken('err@example.com');
});
afterAll(() => g.close());

const get = async (path: string, bearer = token) => {
  const res = await fetch(`${g.url}${path}`, { headers: { authorization: `Bearer ${bearer}` } });
  return { status: res.status, body: (await res.json()) as { error: { errors: Array<Record<string, string>> } } };
};

describe('Google fake error bodies', () => {
  it.each([
    ['/calendar/v3/calendars/primary/events?syncToken=CPnope=', 410, { domain: 'calendar', reason: 'fullSyncRequired', location: 'syncToken' }],
    ['/youtube/v3/search?part=snippet&q=x&key=k', 403, { domain: 'youtube.quota', reason: 'quotaExceeded' }],
    ['/calendar/v3/calendars/primary/events?timeMin=yesterday', 400, { reason: 'badRequest', location: 'timeMin' }],
    ['/calendar/v3/calendars/primary/events?timeZone=Mars/Olympus', 400, { reason: 'invalid', location: 'timeZone' }],
  ])('%s → %i in the documented shape', async (path, status, item) => {
    const res = await get(path);
    expect(res.status).toBe(status);
    expect(validate(res.body), JSON.stringify(validate.errors)).toBe(true);
    expect(res.body.error.errors[0]).toMatchObject(item);
  });

  it('a refused token is 401 authError in the same shape', async () => {
    const res = await get('/calendar/v3/calendars/primary/events', 'ya29.unknown');
    expect(res.status).toBe(401);
    expect(validate(res.body)).toBe(true);
  });

  it('the schema itself refuses the old 410 body shape', () => {
    expect(validate({ error: { code: 410, message: 'm', errors: [{ domain: 'global', reason: 'x', message: 'm' }], status: 'FAILED_PRECONDITION' } })).toBe(
      false,
    );
  });
});
