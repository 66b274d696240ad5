import { describe, expect, it } from 'vitest';
import { type ChainEntry, GENESIS, nextEntry, verifyChain } from '../../shared/store/effects/effect-chain';
import { calendarEventId, emailMessageId } from '../../shared/actions/common/effect-ids';

const fields = (i: number) => ({
  effectId: `e${i}`,
  event: 'applied' as const,
  tool: 'send_email',
  approvalId: null,
  argsHash: 'a'.repeat(64),
  account: 'ana@example.com',
  providerId: `m${i}`,
  at: `2030-01-01T00:00:0${i}Z`,
});

function chain(n: number): ChainEntry[] {
  const out: ChainEntry[] = [];
  for (let i = 0; i < n; i += 1) out.push(nextEntry(out.at(-1), fields(i)));
  return out;
}
const headOf = (c: ChainEntry[]) => ({ seq: c.length, hash: c.at(-1)?.hash ?? GENESIS });

describe('effect log hash chain', () => {
  it('an intact chain verifies, an empty one too', () => {
    const c = chain(5);
    expect(verifyChain(c, headOf(c))).toEqual({ ok: true, length: 5, head: c[4]?.hash });
    expect(verifyChain([], undefined)).toEqual({ ok: true, length: 0, head: GENESIS });
  });

  it.each([
    ['an edited entry', (c: ChainEntry[]) => c.map((e, i) => (i === 2 ? { ...e, providerId: 'other' } : e)), 3],
    ['a removed entry', (c: ChainEntry[]) => c.filter((_, i) => i !== 1), 3],
    ['two swapped entries', (c: ChainEntry[]) => [c[0], c[2], c[1], c[3], c[4]] as ChainEntry[], 3],
    ['an entry rewritten with a fresh hash', (c: ChainEntry[]) => c.map((e, i) => (i === 3 ? nextEntry({ seq: 3, hash: 'f'.repeat(64) }, fields(9)) : e)), 4],
    ['a dropped tail', (c: ChainEntry[]) => c.slice(0, 3), 4],
  ])('%s is found', (_name, tamper, brokenAt) => {
    const c = chain(5);
    const verdict = verifyChain(tamper(c), headOf(c));
    expect(verdict).toMatchObject({ ok: false, brokenAt });
  });
});

describe('provider ids derived from an effect', () => {
  it('a Calendar event id is base32hex, stable per effect, distinct across effects', () => {
    const id = calendarEventId('approval-1');
    expect(id).toMatch(/^[a-v0-9]{5,1024}$/);
    expect(calendarEventId('approval-1')).toBe(id);
    expect(calendarEventId('approval-2')).not.toBe(id);
  });
  it('a Message-ID sits in the sender domain and never shows the effect id', () => {
    const mid = emailMessageId('approval-1', 'ana@example.com');
    expect(mid).toMatch(/^<sf-[0-9a-f]{40}@example\.com>$/);
    expect(mid).not.toContain('approval-1');
  });
});
