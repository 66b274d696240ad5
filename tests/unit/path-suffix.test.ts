import { describe, expect, it } from 'vitest';
import { pathSuffix } from '../../shared/http/path-suffix';

// A function's path suffix is the same whether it is called on its own URL or through Firebase
// Hosting's /api/<name> rewrite (which forwards the whole path).

describe('pathSuffix', () => {
  it.each([
    ['/', ''],
    ['/abc123xyz', 'abc123xyz'],
    ['/abc123xyz/', 'abc123xyz'],
    ['/api/approvals/abc123xyz', 'abc123xyz'],
    ['/api/approvals', ''],
    ['/approvals/abc123xyz', 'abc123xyz'],
    ['/other/abc', 'other/abc'],
  ])('%s → "%s"', (path, suffix) => {
    expect(pathSuffix({ method: 'GET', headers: {}, path } as never, 'approvals')).toBe(suffix);
  });
});
