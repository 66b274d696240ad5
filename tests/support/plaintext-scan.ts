import { expect } from 'vitest';
import type { Harness } from './harness';

// After a test: no token value may appear anywhere in Firestore in plaintext. Checks the values
// the test knows (harness-issued, decrypted current tokens, extra ones the test collected) and
// the fakes' token shapes ("ya29." access tokens, "x-fake-…" X tokens), whose "." and "-" can
// never occur in base64 ciphertext, so old rotated tokens are caught too.

const TOKEN_SHAPES = /ya29\.|x-fake-(access|refresh)-/;

export async function expectNoPlaintextTokens(h: Harness, extra: readonly string[] = []): Promise<void> {
  const docs = await h.allDocuments();
  const raw = JSON.stringify(docs);
  expect(TOKEN_SHAPES.test(raw), 'a provider token shape appears in Firestore').toBe(false);
  const known = new Set<string>([...h.secretValues, ...extra]);
  for (const doc of docs) {
    const m = /^users\/([^/]+)\/connections\/(google|x):(.+)$/.exec(doc.path);
    if (!m?.[1] || !m[2] || !m[3]) continue;
    const conn = await h.runtime.stores.connections.get(m[1], m[2] as 'google' | 'x', m[3]).catch(() => undefined);
    for (const v of [conn?.accessToken, conn?.refreshToken]) if (v) known.add(v);
  }
  for (const value of known) {
    if (value.length >= 8) expect(raw.includes(value), `plaintext token ${value.slice(0, 5)}… in Firestore`).toBe(false);
  }
}
