import { describe, expect, it } from 'vitest';
import { createLogger, registerSecretValue } from '../../shared/log';

describe('structured logger', () => {
  it('writes Cloud Logging JSON and redacts secret-looking fields at any depth', () => {
    const lines: string[] = [];
    const log = createLogger({ sink: (l) => lines.push(l) }).child({ requestId: 'r1' });
    log.info('hello', { headers: { authorization: 'Bearer abc', accept: 'json' }, access_token: 'x', refreshToken: 'y', apiKey: 'z', count: 2 });
    const entry = JSON.parse(lines[0] ?? '{}');
    expect(entry).toMatchObject({
      severity: 'INFO',
      message: 'hello',
      requestId: 'r1',
      count: 2,
      access_token: '[redacted]',
      refreshToken: '[redacted]',
      apiKey: '[redacted]',
      headers: { authorization: '[redacted]', accept: 'json' },
    });
  });

  it('scrubs registered secret values wherever they appear', () => {
    const lines: string[] = [];
    registerSecretValue('s3cr3t-value-123');
    createLogger({ sink: (l) => lines.push(l) }).error('failed with s3cr3t-value-123 inside', { err: new Error('token s3cr3t-value-123') });
    expect(lines.join('')).not.toContain('s3cr3t-value-123');
  });

  it('drops entries below the level', () => {
    const lines: string[] = [];
    const log = createLogger({ sink: (l) => lines.push(l), level: 'warn' });
    log.info('no');
    log.warn('yes');
    expect(lines.map((l) => JSON.parse(l).severity)).toEqual(['WARNING']);
  });
});
