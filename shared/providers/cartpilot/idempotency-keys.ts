// Idempotency-Keys for CartPilot POSTs, derived from the logical operation rather than drawn at
// random: a retry of the same operation — inside one request after a lost answer, or a whole new
// request after a crash — computes the same key, so CartPilot replays its first result instead of
// acting twice. The uid is hashed in, so two users' identical operations never share a key, and
// the key reveals nothing about the user.
import { createHash } from 'node:crypto';

const VERSION = 'v1';
const SEP = '\u001f';

export function upstreamKey(uid: string, operation: string, ...parts: readonly string[]): string {
  const digest = createHash('sha256')
    .update([VERSION, uid, operation, ...parts].join(SEP))
    .digest('base64url');
  return `sf-${operation}-${digest.slice(0, 32)}`;
}
