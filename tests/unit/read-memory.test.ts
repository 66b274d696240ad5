import { describe, expect, it } from 'vitest';
import { ReadMemory } from '../../shared/connections/read-memory';

describe('ReadMemory', () => {
  it('recalls a read only while it is younger than the age the caller accepts', () => {
    let now = 1_000;
    const m = new ReadMemory<string>(10, () => now);
    m.reading('k')('v1');
    now += 29_999;
    expect(m.recall('k', 30_000)).toBe('v1');
    expect(m.recall('k', 0)).toBeUndefined(); // 0: the caller wants a fresh read
    now += 1;
    expect(m.recall('k', 30_000)).toBeUndefined();
  });

  it('ages a read from when it started, not from when it finished', () => {
    let now = 0;
    const m = new ReadMemory<string>(10, () => now);
    const remember = m.reading('k');
    now = 20_000;
    remember('v');
    now = 30_000;
    expect(m.recall('k', 30_000)).toBeUndefined();
  });

  it('does not remember a read that a write overlapped, nor keep one across a write', () => {
    const m = new ReadMemory<string>(10, () => 0);
    const overlapped = m.reading('k');
    m.forget('k'); // a write starts while the read is in flight
    overlapped('before the write');
    expect(m.recall('k', 30_000)).toBeUndefined();
    m.reading('k')('after');
    expect(m.recall('k', 30_000)).toBe('after');
    m.forget('k');
    expect(m.recall('k', 30_000)).toBeUndefined();
    m.reading('k')('again');
    m.clear();
    expect(m.recall('k', 30_000)).toBeUndefined();
  });
});
