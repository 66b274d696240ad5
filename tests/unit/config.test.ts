import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../shared/config';

const BASE = { GOOGLE_CLOUD_PROJECT: 'p1' };

describe('loadConfig', () => {
  it.each([
    [
      'defaults',
      BASE,
      (c: ReturnType<typeof loadConfig>) => {
        expect(c.authMode).toBe('firebase');
        expect(c.projectId).toBe('p1');
        expect(c.firebaseProjectId).toBe('p1');
        expect(c.firestore).toEqual({ emulatorHost: undefined, databaseId: '(default)', preferRest: true });
        expect(c.google.tokenUrl).toBe('https://oauth2.googleapis.com/token');
        expect(c.sandbox).toBe(false);
        expect(c.devSecrets).toEqual({});
        expect(c.cartpilot.webhookToleranceSec).toBe(300);
      },
    ],
    [
      'merchant webhook replay window',
      { ...BASE, MERCHANT_WEBHOOK_TOLERANCE_SEC: '120' },
      (c: ReturnType<typeof loadConfig>) => expect(c.cartpilot.webhookToleranceSec).toBe(120),
    ],
    ['GCLOUD_PROJECT fallback', { GCLOUD_PROJECT: 'p2' }, (c: ReturnType<typeof loadConfig>) => expect(c.projectId).toBe('p2')],
    [
      'dev mode picks up dev secrets',
      { ...BASE, AUTH_MODE: 'dev', YOUTUBE_API_KEY: 'k', TOKEN_ENCRYPTION_KEY: 'z' },
      (c: ReturnType<typeof loadConfig>) => {
        expect(c.devSecrets).toEqual({ 'youtube-api-key': 'k', 'token-encryption-key': 'z' });
      },
    ],
    ['production ignores env secrets', { ...BASE, YOUTUBE_API_KEY: 'k' }, (c: ReturnType<typeof loadConfig>) => expect(c.devSecrets).toEqual({})],
    [
      'empty strings are unset',
      { ...BASE, GOOGLE_OAUTH_CLIENT_ID: '', SANDBOX: '' },
      (c: ReturnType<typeof loadConfig>) => {
        expect(c.google.clientId).toBeUndefined();
        expect(c.sandbox).toBe(false);
      },
    ],
    [
      'booleans and numbers',
      { ...BASE, SANDBOX: '1', FIRESTORE_PREFER_REST: 'false', SECRET_CACHE_TTL_SEC: '60' },
      (c: ReturnType<typeof loadConfig>) => {
        expect(c.sandbox).toBe(true);
        expect(c.firestore.preferRest).toBe(false);
        expect(c.secretManager.cacheTtlMs).toBe(60_000);
      },
    ],
    [
      'allow-list is a CSV',
      { ...BASE, OAUTH_RETURN_TO_ALLOWLIST: 'https://app.example.com/, https://b.example.com/x' },
      (c: ReturnType<typeof loadConfig>) => {
        expect(c.returnToAllowlist).toEqual(['https://app.example.com/', 'https://b.example.com/x']);
      },
    ],
    [
      'emulator host',
      { ...BASE, FIRESTORE_EMULATOR_HOST: '127.0.0.1:8081' },
      (c: ReturnType<typeof loadConfig>) => expect(c.firestore.emulatorHost).toBe('127.0.0.1:8081'),
    ],
  ])('%s', (_name, env, check) => {
    check(loadConfig(env));
  });

  it.each([
    ['no project', {}, /GOOGLE_CLOUD_PROJECT/],
    ['dev mode on Cloud Run', { ...BASE, AUTH_MODE: 'dev', K_SERVICE: 'send-email' }, /refused on Cloud Run/],
    ['unknown auth mode', { ...BASE, AUTH_MODE: 'none' }, /AUTH_MODE/],
    ['bad URL', { ...BASE, GOOGLE_API_ROOT_URL: 'not a url' }, /GOOGLE_API_ROOT_URL/],
    ['bad emulator host', { ...BASE, FIRESTORE_EMULATOR_HOST: 'http://x' }, /FIRESTORE_EMULATOR_HOST/],
    ['TTL out of range', { ...BASE, SECRET_CACHE_TTL_SEC: '-1' }, /SECRET_CACHE_TTL_SEC/],
    ['bad boolean', { ...BASE, SANDBOX: 'maybe' }, /SANDBOX/],
    ['a replay window of hours', { ...BASE, MERCHANT_WEBHOOK_TOLERANCE_SEC: '86400' }, /MERCHANT_WEBHOOK_TOLERANCE_SEC/],
  ])('refuses %s', (_name, env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('never echoes a value in its error', () => {
    expect(() => loadConfig({ ...BASE, GOOGLE_API_ROOT_URL: 'secret-looking-value' })).not.toThrow(/secret-looking-value/);
  });
});
