import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSecretManagerFake, type SecretManagerFake } from '../../sandbox/secret-manager';
import { loadConfig, MOUNTABLE_SECRETS } from '../../shared/config';
import { SecretManagerSource } from '../../shared/secrets';

// Secrets mounted as files (Cloud Run secret volumes, "latest") are read first; anything not
// mounted falls back to the Secret Manager API (the loopback fake, real client, REST). The token
// encryption key is never taken from a file: its ciphertexts name numeric key versions.

const PROJECT = 'secret-files-test';
let sm: SecretManagerFake;
let dir: string;

const mount = (name: string, value: string) => {
  mkdirSync(join(dir, name), { recursive: true });
  writeFileSync(join(dir, name, 'value'), value);
};
const source = (env: Record<string, string> = {}) =>
  new SecretManagerSource(
    loadConfig({
      GOOGLE_CLOUD_PROJECT: PROJECT,
      SECRET_MANAGER_ENDPOINT: `127.0.0.1:${sm.restPort}`,
      SECRET_FILES_DIR: dir,
      SECRET_CACHE_TTL_SEC: '0',
      ...env,
    }),
  );

beforeAll(async () => {
  sm = await startSecretManagerFake();
  dir = mkdtempSync(join(tmpdir(), 'secret-files-'));
  sm.setSecret(PROJECT, 'youtube-api-key', 'from-the-api');
  sm.setSecret(PROJECT, 'x-client-secret', 'x-from-the-api');
  sm.setSecret(PROJECT, 'token-encryption-key', 'key-v1');
  sm.setSecret(PROJECT, 'token-encryption-key', 'key-v2');
});
afterAll(async () => {
  await sm.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('mounted secret files', () => {
  it('reads a mounted secret from its file without calling Secret Manager', async () => {
    mount('youtube-api-key', 'from-the-file');
    const before = sm.accessCount('youtube-api-key');
    expect(await source().get('youtube-api-key')).toEqual({ value: 'from-the-file', version: 'mounted' });
    expect(sm.accessCount('youtube-api-key')).toBe(before);
  });

  it('sees a rotated file at the next read (Cloud Run resolves "latest" on read)', async () => {
    const s = source();
    mount('youtube-api-key', 'rotated-1');
    expect((await s.get('youtube-api-key')).value).toBe('rotated-1');
    mount('youtube-api-key', 'rotated-2');
    expect((await s.get('youtube-api-key')).value).toBe('rotated-2');
  });

  it('falls back to the Secret Manager API when the secret is not mounted', async () => {
    const before = sm.accessCount('x-client-secret');
    expect(await source().get('x-client-secret')).toEqual({ value: 'x-from-the-api', version: '1' });
    expect(sm.accessCount('x-client-secret')).toBe(before + 1);
  });

  it('falls back to the API for everything when SECRET_FILES_DIR is unset', async () => {
    mount('youtube-api-key', 'from-the-file');
    const s = new SecretManagerSource(loadConfig({ GOOGLE_CLOUD_PROJECT: PROJECT, SECRET_MANAGER_ENDPOINT: `127.0.0.1:${sm.restPort}` }));
    expect(await s.get('youtube-api-key')).toEqual({ value: 'from-the-api', version: '1' });
  });

  it('never takes the token encryption key from a file: its version number is part of every ciphertext', async () => {
    expect(MOUNTABLE_SECRETS).not.toContain('token-encryption-key');
    mount('token-encryption-key', 'a-mounted-key');
    expect(await source().get('token-encryption-key')).toEqual({ value: 'key-v2', version: '2' });
    expect(await source().get('token-encryption-key', '1')).toEqual({ value: 'key-v1', version: '1' });
  });

  it('reads pinned versions through the API even when the file is mounted', async () => {
    mount('youtube-api-key', 'from-the-file');
    expect(await source().get('youtube-api-key', '1')).toEqual({ value: 'from-the-api', version: '1' });
  });
});
