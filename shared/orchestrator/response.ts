// The HTTP shape of a turn's result, shared by chat and approvals: 202 with the first pending
// approval up front when the user has something to decide (the contract's "approval needed"),
// 200 otherwise.

export function turnEnvelope<T extends { pending_approvals: unknown[] }>(result: T): { status: 200 | 202; body: { data: unknown } } {
  const first = result.pending_approvals[0];
  return first ? { status: 202, body: { data: { approval: first, ...result } } } : { status: 200, body: { data: result } };
}
