import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSecretManagerFake, type SecretManagerFake } from '../../sandbox/secret-manager';
import { instanceRuntimeReading } from '../../shared/runtime/runtime';

// A function's instance runtime starts reading its API-only secret (token-encryption-key) when it
// is created, so the Secret Manager client and round trip overlap the first request's Firestore
// calls; the request's own read is then that same read. Mountable secrets are left to their reads.

const PROJECT = 'secret-prefetch-test';
let sm: SecretManagerFake;

beforeAll(async () => {
  sm = await startSecretManagerFake();
  sm.setSecret(PROJECT, 'token-encryption-key', 'key-v1');
  sm.setSecret(PROJECT, 'youtube-api-key', 'yt');
  // The instance runtime is built from the environment, as in a deployed function (nothing is
  // sent to Firestore: constructing its client connects nowhere).
  Object.assign(process.env, {
    GOOGLE_CLOUD_PROJECT: PROJECT,
    SECRET_MANAGER_ENDPOINT: `127.0.0.1:${sm.restPort}`,
    FIRESTORE_EMULATOR_HOST: '127.0.0.1:9',
    METADATA_SERVER_DETECTION: 'none',
  });
});
afterAll(async () => sm?.close());

describe('instanceRuntimeReading', () => {
  it('reads the API-only secrets once, in the background, and serves the request from that read', async () => {
    const getRuntime = instanceRuntimeReading(['token-encryption-key', 'youtube-api-key']);
    const runtime = getRuntime();
    expect(sm.accessCount('token-encryption-key')).toBe(0);
    await expect.poll(() => sm.accessCount('token-encryption-key'), { timeout: 10_000 }).toBe(1);
    expect(await runtime.secrets.get('token-encryption-key')).toEqual({ value: 'key-v1', version: '1' });
    expect(getRuntime()).toBe(runtime);
    expect(sm.accessCount('token-encryption-key')).toBe(1);
    expect(sm.accessCount('youtube-api-key')).toBe(0);
  });
});
