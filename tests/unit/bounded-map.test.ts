import { describe, expect, it } from 'vitest';
import { BoundedMap } from '../../shared/store/bounded-map';

describe('BoundedMap', () => {
  it('drops the least recently used entries beyond its budget', () => {
    const m = new BoundedMap<string, number>(3);
    m.set('a', 1);
    m.set('b', 2);
    m.set('c', 3);
    expect(m.get('a')).toBe(1); // a is now the most recently used
    m.set('d', 4);
    expect([m.get('b'), m.get('a'), m.get('c'), m.get('d')]).toEqual([undefined, 1, 3, 4]);
    expect(m.size).toBe(3);
  });

  it('counts each entry by its size and refuses one larger than the whole budget', () => {
    const m = new BoundedMap<string, string>(10, (v) => v.length);
    m.set('x', '12345');
    m.set('y', '1234');
    m.set('z', '123'); // 12 > 10: x goes
    expect([m.get('x'), m.get('y'), m.get('z')]).toEqual([undefined, '1234', '123']);
    m.set('huge', '12345678901');
    expect(m.get('huge')).toBeUndefined();
    expect([m.get('y'), m.get('z')]).toEqual(['1234', '123']);
  });

  it('replacing a key frees its old size; delete and clear free everything', () => {
    const m = new BoundedMap<string, string>(6, (v) => v.length);
    m.set('a', '123456');
    m.set('a', '1');
    m.set('b', '12345');
    expect([m.get('a'), m.get('b')]).toEqual(['1', '12345']);
    expect(m.delete('a')).toBe(true);
    expect(m.delete('a')).toBe(false);
    m.set('c', '1');
    expect(m.get('b')).toBe('12345');
    m.clear();
    expect(m.size).toBe(0);
    m.set('d', '123456');
    expect(m.get('d')).toBe('123456');
  });
});
