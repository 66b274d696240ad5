// Secret Manager's REST/JSON surface (https://cloud.google.com/secret-manager/docs/reference/rest),
// as the backend reads it in production and as google-gax's REST transport sends it:
//   GET  /v1/{name=projects/*/secrets/*/versions/*}:access  → {name, payload:{data (base64), dataCrc32c}}
//   GET  /v1/{name=projects/*/secrets/*}
//   POST /v1/{parent=projects/*}/secrets?secretId=S          (body: Secret)
//   POST /v1/{parent=projects/*/secrets/*}:addVersion       (body: {payload:{data, dataCrc32c}})
// (each also under projects/*/locations/*). Messages use proto3 JSON: int64 as decimal strings,
// bytes as base64, timestamps as RFC 3339; `$alt=json;enum-encoding=int` (what google-gax asks for)
// gets numeric enums. Errors are Google's JSON envelope {"error":{"code","message","status"}}.
// A request without an `Authorization: Bearer` header is refused with 401, as Google does.
import { FakeHttpError, startFakeServer, type FakeRequest, type FakeResponse, type FakeServer, type Route } from '../fake-server';
import { SecretManagerError, type SecretManagerOperations } from './operations';
import type { StoredSecret, StoredVersion } from './store';

const PROJECT = 'projects/[^/:]+(?:/locations/[^/:]+)?';
const SECRET = `${PROJECT}/secrets/[^/:]+`;

/** google.rpc.Code → its name and HTTP status (https://cloud.google.com/apis/design/errors#handling_errors). */
const CODES: Record<number, [string, number]> = {
  1: ['CANCELLED', 499],
  2: ['UNKNOWN', 500],
  3: ['INVALID_ARGUMENT', 400],
  4: ['DEADLINE_EXCEEDED', 504],
  5: ['NOT_FOUND', 404],
  6: ['ALREADY_EXISTS', 409],
  7: ['PERMISSION_DENIED', 403],
  8: ['RESOURCE_EXHAUSTED', 429],
  9: ['FAILED_PRECONDITION', 400],
  10: ['ABORTED', 409],
  11: ['OUT_OF_RANGE', 400],
  12: ['UNIMPLEMENTED', 501],
  13: ['INTERNAL', 500],
  14: ['UNAVAILABLE', 503],
  15: ['DATA_LOSS', 500],
  16: ['UNAUTHENTICATED', 401],
};
const STATE_NUMBERS: Record<StoredVersion['state'], number> = { ENABLED: 1, DISABLED: 2, DESTROYED: 3 };

export function restError(code: number, message: string): FakeResponse {
  const [status, http] = CODES[code] ?? ['UNKNOWN', 500];
  return { status: http, body: { error: { code: http, message, status } } };
}

function errorBodyForStatus(http: number, message: string): unknown {
  const entry = Object.values(CODES).find(([, h]) => h === http);
  return { error: { code: http, message, status: entry?.[0] ?? 'UNKNOWN' } };
}

export function startSecretManagerRest(ops: SecretManagerOperations): Promise<FakeServer> {
  const handle =
    (fn: (req: FakeRequest) => unknown) =>
    (req: FakeRequest): FakeResponse => {
      const auth = String(req.headers.authorization ?? '');
      if (!/^Bearer \S+/.test(auth))
        return restError(
          16,
          'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
        );
      try {
        return { status: 200, body: fn(req) };
      } catch (e) {
        if (e instanceof SecretManagerError) return restError(e.code, e.message);
        throw e;
      }
    };
  const numericEnums = (req: FakeRequest) => String(req.query.$alt ?? '').includes('enum-encoding=int');
  const versionJson = (req: FakeRequest, s: StoredSecret, v: StoredVersion) => ({
    name: `${s.name}/versions/${v.version}`,
    createTime: v.createTime.toISOString(),
    state: numericEnums(req) ? STATE_NUMBERS[v.state] : v.state,
    etag: '"1"',
  });
  const secretJson = (s: StoredSecret) => ({
    name: s.name,
    createTime: s.createTime.toISOString(),
    labels: s.labels,
    replication: { automatic: {} },
    etag: '"1"',
  });
  const body = (req: FakeRequest): Record<string, any> => {
    if (!req.rawBody) return {};
    if (req.json === undefined || typeof req.json !== 'object' || req.json === null) throw new FakeHttpError(restError(3, 'Invalid JSON payload received.'));
    return req.json as Record<string, any>;
  };

  const routes: Route[] = [
    {
      method: 'GET',
      pattern: new RegExp(`^/v1/(?<name>${SECRET}/versions/[^/:]+):access$`),
      handle: handle((req) => {
        const v = ops.accessSecretVersion(req.params.name as string);
        return { name: v.name, payload: { data: v.data.toString('base64'), dataCrc32c: String(v.crc32c) } };
      }),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/v1/(?<name>${SECRET})$`),
      handle: handle((req) => secretJson(ops.getSecret(req.params.name as string))),
    },
    {
      method: 'POST',
      pattern: new RegExp(`^/v1/(?<parent>${PROJECT})/secrets$`),
      handle: handle((req) => {
        const secretId = String(req.query.secretId ?? '');
        return secretJson(ops.createSecret(req.params.parent as string, secretId, body(req).labels ?? {}));
      }),
    },
    {
      method: 'POST',
      pattern: new RegExp(`^/v1/(?<parent>${SECRET}):addVersion$`),
      handle: handle((req) => {
        const payload = body(req).payload ?? {};
        const data = Buffer.from(String(payload.data ?? ''), 'base64');
        const sent = payload.dataCrc32c === undefined || payload.dataCrc32c === null ? undefined : String(payload.dataCrc32c);
        const { secret, version } = ops.addSecretVersion(req.params.parent as string, data, sent);
        return versionJson(req, secret, version);
      }),
    },
  ];
  return startFakeServer(routes, { name: 'secret-manager', errorBody: errorBodyForStatus });
}
