import { describe, expect, it } from 'vitest';
import { checkReturnTo } from '../../shared/oauth/return-to';
import { AppError } from '../../shared/errors';

const ALLOW = ['https://app.example.com/connected', 'http://127.0.0.1:8080/'];

describe('return_to allow-list', () => {
  it.each([
    ['https://app.example.com/connected', 'https://app.example.com/connected'],
    ['https://app.example.com/connected/', 'https://app.example.com/connected/'],
    ['https://app.example.com/connected/google?tab=1#top', 'https://app.example.com/connected/google?tab=1#top'],
    ['HTTPS://APP.EXAMPLE.COM:443/connected', 'https://app.example.com/connected'],
    ['http://127.0.0.1:8080/settings', 'http://127.0.0.1:8080/settings'],
  ])('accepts %s', (raw, normalised) => {
    expect(checkReturnTo(raw, ALLOW)).toBe(normalised);
  });

  it.each([
    ['another origin', 'https://evil.example/connected'],
    ['a sibling host', 'https://app.example.com.evil.example/connected'],
    ['another port', 'https://app.example.com:8443/connected'],
    ['another scheme', 'http://app.example.com/connected'],
    ['a path outside the prefix', 'https://app.example.com/admin'],
    ['a prefix that is not a segment', 'https://app.example.com/connectedevil'],
    ['dot segments leaving the prefix', 'https://app.example.com/connected/../admin'],
    ['encoded dot segments', 'https://app.example.com/connected/%2e%2e/admin'],
    ['an encoded slash', 'https://app.example.com/connected/%2F%2Fevil.example'],
    ['an encoded backslash', 'https://app.example.com/connected/%5Cevil.example'],
    ['protocol-relative //evil', '//evil.example/connected'],
    ['backslash /\\evil', '/\\evil.example'],
    ['backslash in an absolute URL', 'https:\\\\evil.example\\connected'],
    ['a relative path', '/connected'],
    ['encoded //evil', '%2F%2Fevil.example'],
    ['double-encoded //evil', '%252F%252Fevil.example'],
    ['userinfo pointing elsewhere', 'https://app.example.com@evil.example/connected'],
    ['userinfo on the allowed host', 'https://evil.example@app.example.com/connected'],
    ['javascript:', 'javascript:alert(1)//https://app.example.com/connected'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['a tab inside the scheme', 'ht\ttps://app.example.com/connected'],
    ['a newline', 'https://app.example.com/connected\n.evil.example'],
    ['leading whitespace', ' https://evil.example'],
    ['an empty value', ''],
    ['an over-long value', `https://app.example.com/connected/${'a'.repeat(2100)}`],
  ])('refuses %s', (_why, raw) => {
    expect(() => checkReturnTo(raw, ALLOW)).toThrowError(AppError);
    try {
      checkReturnTo(raw, ALLOW);
    } catch (e) {
      expect((e as AppError).code).toBe('invalid_input');
      expect((e as AppError).details).toEqual({ parameter: 'return_to' });
    }
  });

  it('refuses everything when the allow-list is empty', () => {
    expect(() => checkReturnTo('https://app.example.com/connected', [])).toThrowError(/not an allowed destination/);
  });

  it('ignores malformed allow-list entries', () => {
    expect(() => checkReturnTo('https://app.example.com/connected', ['not a url'])).toThrowError(AppError);
  });
});
