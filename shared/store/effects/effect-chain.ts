import { createHash } from 'node:crypto';
import { canonicalJson } from '../idempotency';

// Each user's effect log is a hash chain: every entry holds the hash of the one before it and its
// own hash over (previous hash, its contents). Editing, removing or reordering an entry breaks every
// hash after it, and the chain head (last seq and hash, kept apart) catches a truncated tail.

export const GENESIS = '0'.repeat(64);

export type ChainEvent = 'started' | 'unknown' | 'applied' | 'not_applied';

/** What an entry says (everything but its own hash). */
export interface ChainBody {
  seq: number;
  effectId: string;
  event: ChainEvent;
  tool: string;
  approvalId: string | null;
  argsHash: string;
  account: string | null;
  providerId: string | null;
  at: string;
  prev: string;
}

export interface ChainEntry extends ChainBody {
  hash: string;
}

export interface ChainHead {
  seq: number;
  hash: string;
}

export function entryHash(body: ChainBody): string {
  return createHash('sha256')
    .update(`${body.prev}\n${canonicalJson(body)}`)
    .digest('hex');
}

export function nextEntry(head: ChainHead | undefined, fields: Omit<ChainBody, 'seq' | 'prev'>): ChainEntry {
  const body: ChainBody = { ...fields, seq: (head?.seq ?? 0) + 1, prev: head?.hash ?? GENESIS };
  return { ...body, hash: entryHash(body) };
}

export type ChainVerdict = { ok: true; length: number; head: string } | { ok: false; length: number; brokenAt: number; reason: string };

/** Checks entries (in seq order) link up from the genesis hash and end at the recorded head. */
export function verifyChain(entries: readonly ChainEntry[], head: ChainHead | undefined): ChainVerdict {
  let prev = GENESIS;
  for (const [i, e] of entries.entries()) {
    const { hash, ...body } = e;
    const broken = (reason: string): ChainVerdict => ({ ok: false, length: entries.length, brokenAt: e.seq, reason });
    if (e.seq !== i + 1) return broken(`entry ${i + 1} is missing (found seq ${e.seq})`);
    if (e.prev !== prev) return broken('does not link to the entry before it');
    if (entryHash(body) !== hash) return broken('its contents do not match its hash');
    prev = hash;
  }
  const last = entries.length;
  if ((head?.seq ?? 0) !== last || (head?.hash ?? GENESIS) !== prev) {
    return { ok: false, length: last, brokenAt: last + 1, reason: `the head says ${head?.seq ?? 0} entries ending ${head?.hash ?? GENESIS}` };
  }
  return { ok: true, length: last, head: prev };
}
