process.env.METADATA_SERVER_DETECTION = 'none';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SecretManagerServiceClient } from '@google-cloud/secret-manager';
// google-gax's grpc export is the very @grpc/grpc-js instance the client uses.
import { grpc } from 'google-gax';
import { OAuth2Client } from 'google-auth-library';
import { crc32c, startSecretManagerFake, type SecretManagerFake } from '../../sandbox/secret-manager';

let fake: SecretManagerFake;
let client: SecretManagerServiceClient;

// How to aim the real client at the fake:
// - sslCreds (insecure) makes google-gax use those channel credentials as they are, so no
//   Google credentials are looked up for the calls and no auth metadata is attached;
// - universeDomain set explicitly stops google-gax's universe check from asking GoogleAuth,
//   which would otherwise run Application Default Credentials discovery (env var, gcloud file,
//   metadata server) once per client. METADATA_SERVER_DETECTION=none is the belt to those braces.
function makeClient(port: number): SecretManagerServiceClient {
  return new SecretManagerServiceClient({
    apiEndpoint: '127.0.0.1',
    port,
    sslCreds: grpc.credentials.createInsecure(),
    projectId: 'demo-test',
    universeDomain: 'googleapis.com',
  });
}

// The same client over its REST transport (what the backend uses): plain HTTP to the fake's REST
// port, a fixed bearer token instead of Application Default Credentials.
function makeRestClient(port: number): SecretManagerServiceClient {
  const authClient = new OAuth2Client();
  authClient.setCredentials({ access_token: 'test-token', expiry_date: Number.MAX_SAFE_INTEGER });
  return new SecretManagerServiceClient({
    fallback: 'rest',
    protocol: 'http',
    apiEndpoint: '127.0.0.1',
    port,
    authClient,
    projectId: 'demo-test',
    universeDomain: 'googleapis.com',
  } as ConstructorParameters<typeof SecretManagerServiceClient>[0]);
}

let restClient: SecretManagerServiceClient;

beforeAll(async () => {
  fake = await startSecretManagerFake();
  client = makeClient(fake.port);
  restClient = makeRestClient(fake.restPort);
});

afterEach(() => fake.clearFaults());

afterAll(async () => {
  await client.close();
  await restClient.close();
  await fake.close();
});

async function grpcError(p: Promise<unknown>): Promise<{ code?: number; details?: string; message: string }> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(Error);
  return err as { code?: number; details?: string; message: string };
}

describe('Secret Manager fake with the real client', () => {
  it('reads the latest and a pinned version, with a CRC32C', async () => {
    fake.setSecret('demo-test', 'x-client-secret', 'v1-value');
    fake.setSecret('demo-test', 'x-client-secret', Buffer.from('v2-value'));

    const [latest] = await client.accessSecretVersion({ name: 'projects/demo-test/secrets/x-client-secret/versions/latest' });
    expect(latest.name).toBe('projects/demo-test/secrets/x-client-secret/versions/2');
    const data = Buffer.from(latest.payload?.data as Uint8Array);
    expect(data.toString('utf8')).toBe('v2-value');
    expect(Number(latest.payload?.dataCrc32c)).toBe(crc32c(data));

    const [pinned] = await client.accessSecretVersion({ name: 'projects/demo-test/secrets/x-client-secret/versions/1' });
    expect(Buffer.from(pinned.payload?.data as Uint8Array).toString()).toBe('v1-value');

    expect(fake.accessCount('x-client-secret')).toBe(2);
    expect(fake.accessCount('projects/demo-test/secrets/x-client-secret')).toBe(2);
    expect(fake.accessCount('projects/other/secrets/x-client-secret')).toBe(0);
  });

  it('answers NOT_FOUND (5) with Google-like messages', async () => {
    const missing = await grpcError(client.accessSecretVersion({ name: 'projects/demo-test/secrets/nope/versions/latest' }));
    expect(missing.code).toBe(5);
    expect(missing.details).toBe('Secret [projects/demo-test/secrets/nope] not found or has no versions.');

    fake.setSecret('demo-test', 'one-version', 'x');
    const noVersion = await grpcError(client.accessSecretVersion({ name: 'projects/demo-test/secrets/one-version/versions/7' }));
    expect(noVersion.code).toBe(5);
    expect(noVersion.details).toBe('Secret Version [projects/demo-test/secrets/one-version/versions/7] not found.');
  });

  it('skips disabled versions for latest and refuses them directly', async () => {
    fake.setSecret('demo-test', 'rotating', 'old');
    fake.setSecret('demo-test', 'rotating', 'new');
    fake.disableVersion('demo-test', 'rotating', 2);
    const [latest] = await client.accessSecretVersion({ name: 'projects/demo-test/secrets/rotating/versions/latest' });
    expect(Buffer.from(latest.payload?.data as Uint8Array).toString()).toBe('old');
    const direct = await grpcError(client.accessSecretVersion({ name: 'projects/demo-test/secrets/rotating/versions/2' }));
    expect(direct.code).toBe(grpc.status.FAILED_PRECONDITION);
  });

  it('fails injected calls with the given status code', async () => {
    fake.setSecret('demo-test', 'flaky', 'value');
    // PERMISSION_DENIED is not retried by the client (AccessSecretVersion retries only
    // UNAVAILABLE / RESOURCE_EXHAUSTED, starting at a 2 s back-off).
    fake.inject('flaky', grpc.status.PERMISSION_DENIED, 1);
    const denied = await grpcError(client.accessSecretVersion({ name: 'projects/demo-test/secrets/flaky/versions/latest' }));
    expect(denied.code).toBe(7);
    const [ok] = await client.accessSecretVersion({ name: 'projects/demo-test/secrets/flaky/versions/latest' });
    expect(Buffer.from(ok.payload?.data as Uint8Array).toString()).toBe('value');
    expect(fake.accessCount('flaky')).toBe(2);
  });

  it('creates secrets, adds versions and gets them', async () => {
    const [secret] = await client.createSecret({
      parent: 'projects/demo-test',
      secretId: 'created',
      secret: { replication: { automatic: {} }, labels: { app: 'seven' } },
    });
    expect(secret.name).toBe('projects/demo-test/secrets/created');
    const dup = await grpcError(client.createSecret({ parent: 'projects/demo-test', secretId: 'created', secret: {} }));
    expect(dup.code).toBe(6);

    const payload = Buffer.from('s3cr3t');
    const [version] = await client.addSecretVersion({
      parent: 'projects/demo-test/secrets/created',
      payload: { data: payload, dataCrc32c: crc32c(payload) },
    });
    expect(version.name).toBe('projects/demo-test/secrets/created/versions/1');

    const [got] = await client.getSecret({ name: 'projects/demo-test/secrets/created' });
    expect(got.labels).toEqual({ app: 'seven' });
    const [read] = await client.accessSecretVersion({ name: 'projects/demo-test/secrets/created/versions/latest' });
    expect(Buffer.from(read.payload?.data as Uint8Array).toString()).toBe('s3cr3t');
  });
});

describe('Secret Manager fake over REST', () => {
  const get = (path: string, headers: Record<string, string> = { authorization: 'Bearer t' }) => fetch(`${fake.restUrl}${path}`, { headers });

  it('serves :access in the REST wire format, sharing secrets and counters with gRPC', async () => {
    fake.setSecret('demo-rest', 'api-key', 'first');
    fake.setSecret('demo-rest', 'api-key', 'sec\u00f8nd');
    const res = await get('/v1/projects/demo-rest/secrets/api-key/versions/latest:access');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as { name: string; payload: { data: string; dataCrc32c: string } };
    const data = Buffer.from('sec\u00f8nd');
    expect(body).toEqual({
      name: 'projects/demo-rest/secrets/api-key/versions/2',
      payload: { data: data.toString('base64'), dataCrc32c: String(crc32c(data)) },
    });

    const [viaGrpc] = await client.accessSecretVersion({ name: 'projects/demo-rest/secrets/api-key/versions/1' });
    expect(Buffer.from(viaGrpc.payload?.data as Uint8Array).toString()).toBe('first');
    expect(fake.accessCount('projects/demo-rest/secrets/api-key')).toBe(2);
  });

  it("answers errors in Google's JSON shape", async () => {
    const missing = await get('/v1/projects/demo-rest/secrets/nope/versions/latest:access');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: { code: 404, message: 'Secret [projects/demo-rest/secrets/nope] not found or has no versions.', status: 'NOT_FOUND' },
    });

    const bad = await get('/v1/projects/demo-rest/secrets/x/versions/zero:access');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { status: string } }).error.status).toBe('INVALID_ARGUMENT');

    const anonymous = await get('/v1/projects/demo-rest/secrets/nope/versions/latest:access', {});
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: { status: string } }).error.status).toBe('UNAUTHENTICATED');

    fake.setSecret('demo-rest', 'flaky', 'v');
    fake.inject('flaky', grpc.status.UNAVAILABLE, 1);
    const down = await get('/v1/projects/demo-rest/secrets/flaky/versions/latest:access');
    expect(down.status).toBe(503);
    expect(((await down.json()) as { error: { status: string } }).error.status).toBe('UNAVAILABLE');
  });

  it('works with the real client on its REST transport', async () => {
    fake.setSecret('demo-test', 'rest-secret', 'over-http');
    const [read] = await restClient.accessSecretVersion({ name: 'projects/demo-test/secrets/rest-secret/versions/latest' });
    expect(read.name).toBe('projects/demo-test/secrets/rest-secret/versions/1');
    const data = Buffer.from(read.payload?.data as Uint8Array);
    expect(data.toString()).toBe('over-http');
    expect(Number(read.payload?.dataCrc32c)).toBe(crc32c(data));

    const missing = await grpcError(restClient.accessSecretVersion({ name: 'projects/demo-test/secrets/absent/versions/latest' }));
    expect(missing.code).toBe(grpc.status.NOT_FOUND);
    fake.setSecret('demo-test', 'denied', 'x');
    fake.inject('denied', grpc.status.PERMISSION_DENIED, 1);
    expect((await grpcError(restClient.accessSecretVersion({ name: 'projects/demo-test/secrets/denied/versions/latest' }))).code).toBe(
      grpc.status.PERMISSION_DENIED,
    );

    const [secret] = await restClient.createSecret({
      parent: 'projects/demo-test',
      secretId: 'made-over-rest',
      secret: { replication: { automatic: {} }, labels: { via: 'rest' } },
    });
    expect(secret.name).toBe('projects/demo-test/secrets/made-over-rest');
    expect((await grpcError(restClient.createSecret({ parent: 'projects/demo-test', secretId: 'made-over-rest', secret: {} }))).code).toBe(
      grpc.status.ALREADY_EXISTS,
    );
    const payload = Buffer.from('v1');
    const [version] = await restClient.addSecretVersion({
      parent: 'projects/demo-test/secrets/made-over-rest',
      payload: { data: payload, dataCrc32c: crc32c(payload) },
    });
    expect(version.name).toBe('projects/demo-test/secrets/made-over-rest/versions/1');
    expect(String(version.state)).toMatch(/^(ENABLED|1)$/);
    const [got] = await restClient.getSecret({ name: 'projects/demo-test/secrets/made-over-rest' });
    expect(got.labels).toEqual({ via: 'rest' });
  });
});
