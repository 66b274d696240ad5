import { describe, expect, it } from 'vitest';
import { createPkcePair, s256Challenge } from '../../shared/oauth/pkce';

describe('PKCE S256 (RFC 7636)', () => {
  it('matches the RFC 7636 Appendix B vector', () => {
    expect(s256Challenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('creates a 43-character unreserved verifier and its challenge', () => {
    const { verifier, challenge } = createPkcePair();
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(challenge).toBe(s256Challenge(verifier));
    expect(createPkcePair().verifier).not.toBe(verifier);
  });

  it('takes its randomness from the given source', () => {
    const pair = createPkcePair((n) => Buffer.alloc(n, 7));
    expect(pair.verifier).toBe(Buffer.alloc(32, 7).toString('base64url'));
  });
});
