process.env.METADATA_SERVER_DETECTION = 'none';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SecretManagerServiceClient } from '@google-cloud/secret-manager';
// google-gax's grpc export is the very @grpc/grpc-js instance the client uses.
import { grpc } from 'google-gax';
import { crc32c, startSecretManagerFake, type SecretManagerFake } from '../fakes/secret-manager';

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

beforeAll(async () => {
  fake = await startSecretManagerFake();
  client = makeClient(fake.port);
});

afterEach(() => fake.clearFaults());

afterAll(async () => {
  await client.close();
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
