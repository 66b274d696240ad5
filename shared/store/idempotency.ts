import { createHash } from 'node:crypto';
import type { Firestore } from '@google-cloud/firestore';
import { AppError } from '../errors';
import { toMillis } from './timestamps';

// users/{uid}/idempotency/{sha256(scope|key)} — IETF "Idempotency-Key" draft semantics.
// A record is claimed in a transaction (exactly one concurrent caller wins), then completed
// with the response to replay. Records carry expireAt for a TTL policy, and expiry is also
// checked here, because TTL deletion can lag by a day.

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** How long an in-flight claim blocks others; past it the outcome is unknown, never re-run. */
const IN_FLIGHT_LEASE_MS = 10 * 60 * 1000;

export interface StoredResponse {
  status: number;
  body: unknown;
}

/** A claim names its record and when it was made (a key reused after expiry is a new claim). */
export type Claim = { kind: 'claimed'; ref: string; claimedAtMs: number } | { kind: 'replay'; response: StoredResponse };

export class IdempotencyStore {
  constructor(
    private readonly db: () => Promise<Firestore>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Claims (uid, scope, key) for a request whose body hashes to `fingerprint`. */
  async claim(uid: string, scope: string, key: string, fingerprint: string): Promise<Claim> {
    const db = await this.db();
    const ref = this.doc(db, uid, scope, key);
    return db.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      const now = this.now().getTime();
      const data = snap.data();
      const live = snap.exists && data && toMillis(data.expireAt) > now;
      if (live) {
        if (data.fingerprint !== fingerprint) {
          throw new AppError('idempotency_mismatch', 'This Idempotency-Key was used with a different request body.');
        }
        if (data.state === 'done') return { kind: 'replay', response: { status: data.status, body: JSON.parse(data.body) } } as Claim;
        const unknown = toMillis(data.leaseUntil) <= now;
        throw new AppError(
          'idempotency_in_flight',
          unknown
            ? 'A request with this Idempotency-Key did not finish; its outcome is unknown. Check, then use a new key.'
            : 'A request with this Idempotency-Key is still in progress.',
          { details: { outcomeUnknown: unknown } },
        );
      }
      tx.set(ref, {
        scope,
        fingerprint,
        state: 'in_flight',
        createdAt: new Date(now),
        leaseUntil: new Date(now + IN_FLIGHT_LEASE_MS),
        expireAt: new Date(now + IDEMPOTENCY_TTL_MS),
      });
      return { kind: 'claimed', ref: ref.path, claimedAtMs: now } as Claim;
    });
  }

  async complete(refPath: string, response: StoredResponse): Promise<void> {
    const db = await this.db();
    await db.doc(refPath).update({ state: 'done', status: response.status, body: JSON.stringify(response.body), completedAt: this.now() });
  }

  /** Releases a claim whose request certainly had no effect, so the same key may be retried. */
  async release(refPath: string): Promise<void> {
    const db = await this.db();
    await db.doc(refPath).delete();
  }

  private doc(db: Firestore, uid: string, scope: string, key: string) {
    const id = createHash('sha256').update(`${scope}|${key}`).digest('hex');
    return db.collection('users').doc(uid).collection('idempotency').doc(id);
  }
}

export function fingerprintOf(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

/** JSON with sorted object keys, so {"a":1,"b":2} and {"b":2,"a":1} are the same request. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
