import { createHash } from 'node:crypto';
import type { Firestore } from '@google-cloud/firestore';
import { z } from 'zod';
import { AppError } from '../errors';
import type { TokenCipher } from '../connections/token-crypto';
import { toMillis } from '../store/timestamps';
import { browserMatches } from './browser-binding';

// oauthStates/{sha256(state)} — one pending consent. The state value itself is never stored (a
// leaked database cannot complete anyone's flow), the PKCE verifier is stored encrypted and bound
// to this document, and consuming deletes the document in a transaction, so of two callbacks
// racing with the same state exactly one proceeds. expireAt drives a TTL policy AND is checked
// here, because TTL deletion lags by up to a day.

export type OAuthProvider = 'google' | 'x';

export interface PendingConsent {
  uid: string;
  provider: OAuthProvider;
  scopes: string[];
  redirectUri: string;
  codeVerifier: string;
  alias?: string;
  returnTo?: string;
  /** SHA-256 of the secret in the starting browser's cookie (browser-binding.ts). */
  browserHash: string;
}

export const STATE_TTL_MS = 10 * 60_000;
const STATE_FORMAT = /^[A-Za-z0-9_-]{16,128}$/;

const Stored = z.object({
  uid: z.string(),
  provider: z.enum(['google', 'x']),
  scopes: z.array(z.string()),
  redirectUri: z.string(),
  codeVerifier: z.object({ v: z.string(), iv: z.string(), ct: z.string(), tag: z.string(), f: z.number().int().optional() }),
  alias: z.string().optional(),
  returnTo: z.string().optional(),
  // Absent on states stored before browsers were bound: those are refused like another browser's.
  browserHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  expireAt: z.unknown(),
});

export class OAuthStateStore {
  constructor(
    private readonly db: () => Promise<Firestore>,
    private readonly cipher: TokenCipher,
    private readonly now: () => Date,
  ) {}

  /** Stores a pending consent under `state`; returns when it expires. */
  async create(state: string, consent: PendingConsent): Promise<Date> {
    const id = stateId(state);
    const expireAt = new Date(this.now().getTime() + STATE_TTL_MS);
    const { codeVerifier, ...rest } = consent;
    const encrypted = await this.cipher.encrypt(binding(id, consent), codeVerifier);
    // create() fails if the id exists: a (vanishingly unlikely) collision never overwrites a flow.
    await (await this.ref(id)).create({ ...rest, codeVerifier: encrypted, createdAt: this.now().toISOString(), expireAt });
    return expireAt;
  }

  /**
   * Takes the pending consent for `state` arriving on `provider`'s callback, exactly once.
   * Unknown, reused, expired and other-provider states, and a browser other than the one that
   * started the flow (`browserSecret` from its cookie), are all refused with invalid_input. The
   * state is consumed either way: a swapped link is dead after one try.
   */
  async consume(provider: OAuthProvider, state: string | undefined, browserSecret: string | undefined): Promise<PendingConsent> {
    if (!state) throw invalidState('missing');
    if (!STATE_FORMAT.test(state)) throw invalidState('malformed');
    const id = stateId(state);
    const ref = await this.ref(id);
    const data = await (await this.db()).runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      if (!snap.exists) return undefined;
      tx.delete(ref);
      return snap.data();
    });
    if (data === undefined) throw invalidState('unknown_or_used');
    const stored = Stored.parse(data);
    if (toMillis(stored.expireAt) <= this.now().getTime()) throw invalidState('expired');
    // A state minted for another provider arriving here is a mix-up attempt (RFC 9700 §4.4).
    if (stored.provider !== provider) throw invalidState('provider_mismatch');
    if (!stored.browserHash || !browserMatches(stored.browserHash, browserSecret)) throw invalidState('other_browser');
    const { expireAt: _expireAt, codeVerifier, browserHash, ...rest } = stored;
    return { ...rest, browserHash, codeVerifier: await this.cipher.decrypt(binding(id, stored), codeVerifier) };
  }

  private async ref(id: string) {
    return (await this.db()).collection('oauthStates').doc(id);
  }
}

export function stateId(state: string): string {
  return createHash('sha256').update(state, 'utf8').digest('hex');
}

function binding(id: string, c: { uid: string; provider: string }) {
  return { uid: c.uid, provider: c.provider, account: `oauth-state:${id}`, field: 'codeVerifier' };
}

function invalidState(reason: string): AppError {
  return new AppError('invalid_input', 'The sign-in link is invalid, expired or was already used; start connecting again.', {
    details: { parameter: 'state', reason },
  });
}
