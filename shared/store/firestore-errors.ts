// gRPC status codes Firestore reports (over REST too) for a failed precondition: the two ways a
// compare-and-set loses a race without a transaction.
const ALREADY_EXISTS = 6;
const FAILED_PRECONDITION = 9;

function codeOf(e: unknown): unknown {
  return (e as { code?: unknown } | undefined)?.code;
}

/** create() lost: the document already exists. */
export function isAlreadyExists(e: unknown): boolean {
  return codeOf(e) === ALREADY_EXISTS;
}

/** update() with a lastUpdateTime precondition lost: someone wrote the document meanwhile. */
export function isFailedPrecondition(e: unknown): boolean {
  return codeOf(e) === FAILED_PRECONDITION;
}
