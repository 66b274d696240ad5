import type { Connection, ConnectionProvider, ConnectionsStore } from './connections-store';

// The refresh lease on a connection document: whoever sets refreshLeaseUntil (compare-and-set on
// the document's update time) is the one caller allowed to spend the refresh token; everyone
// else waits and re-reads. Optimistic CAS rather than a transaction: a transaction's reads lock
// the document, so ten waiters polling inside transactions would queue behind each other,
// whereas a failed precondition costs one round trip and means "someone else got there first".

export interface LeaseKey {
  uid: string;
  provider: ConnectionProvider;
  account: string;
}

export type LeaseClaim =
  | { kind: 'fresh'; connection: Connection }
  | { kind: 'acquired'; connection: Connection }
  | { kind: 'busy' }
  /** The refresh this caller waited for failed (transiently) after `since`. */
  | { kind: 'failed' }
  | { kind: 'reauth'; connection: Connection }
  | { kind: 'gone' };

export type RejectOutcome = { kind: 'marked' } | { kind: 'superseded'; connection: Connection } | { kind: 'gone' };

const FAILED_PRECONDITION = 9;
const CAS_ATTEMPTS = 3;

export class RefreshLeases {
  constructor(
    private readonly connections: ConnectionsStore,
    private readonly now: () => number,
  ) {}

  /** One look at the connection: use it, refresh it (lease taken), or wait. */
  async claim(key: LeaseKey, holder: string, leaseMs: number, isFresh: (c: Connection) => boolean, failedSince?: number): Promise<LeaseClaim> {
    const v = await this.connections.getVersioned(key.uid, key.provider, key.account);
    if (!v) return { kind: 'gone' };
    if (v.connection.status === 'reauth_required') return { kind: 'reauth', connection: v.connection };
    if (isFresh(v.connection)) return { kind: 'fresh', connection: v.connection };
    const now = this.now();
    if (v.lease.until > now) return { kind: 'busy' };
    if (failedSince !== undefined && (v.lease.failedAt ?? 0) >= failedSince) return { kind: 'failed' };
    const ref = await this.connections.ref(key.uid, key.provider, key.account);
    try {
      await this.connections.writing(key.uid, key.provider, () =>
        ref.update({ refreshLeaseUntil: now + leaseMs, refreshLeaseHolder: holder }, { lastUpdateTime: v.updateTime }),
      );
      return { kind: 'acquired', connection: v.connection };
    } catch (e) {
      if (isPreconditionFailure(e)) return { kind: 'busy' };
      throw e;
    }
  }

  /** Gives the lease up after a failed refresh, recording the failure for the waiters. */
  async releaseAfterFailure(key: LeaseKey, holder: string): Promise<void> {
    await this.casUpdate(key, (_c, lease) => (lease.holder === holder && lease.until > 0 ? { refreshLeaseUntil: 0, refreshFailedAt: this.now() } : undefined));
  }

  /**
   * The provider refused `rejectedRefreshToken`. Marks reauth_required only if that token is
   * still the stored one: if another caller rotated it meanwhile (X rotates on every refresh,
   * and a lease can expire under a slow holder), the connection is healthy and is returned.
   */
  async markRejected(key: LeaseKey, rejectedRefreshToken: string | undefined, reason: string): Promise<RejectOutcome> {
    let superseded: Connection | undefined;
    const done = await this.casUpdate(key, (c) => {
      if (c.refreshToken !== rejectedRefreshToken) {
        superseded = c;
        return undefined;
      }
      return { status: 'reauth_required', statusReason: reason, refreshLeaseUntil: 0 };
    });
    if (superseded) return { kind: 'superseded', connection: superseded };
    return done ? { kind: 'marked' } : { kind: 'gone' };
  }

  /** Read → decide → write with a precondition; retried when another writer got in between. */
  private async casUpdate(
    key: LeaseKey,
    decide: (c: Connection, lease: { until: number; holder?: string }) => Record<string, unknown> | undefined,
  ): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      const v = await this.connections.getVersioned(key.uid, key.provider, key.account);
      if (!v) return false;
      const update = decide(v.connection, v.lease);
      if (!update) return true;
      try {
        const ref = await this.connections.ref(key.uid, key.provider, key.account);
        await this.connections.writing(key.uid, key.provider, () => ref.update(update, { lastUpdateTime: v.updateTime }));
        return true;
      } catch (e) {
        if (!isPreconditionFailure(e) || attempt >= CAS_ATTEMPTS) throw e;
      }
    }
  }
}

export function isPreconditionFailure(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  return code === FAILED_PRECONDITION || code === 'FAILED_PRECONDITION';
}
