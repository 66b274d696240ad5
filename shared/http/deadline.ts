// A deadline a little below the function's timeout, so work is cancelled cleanly (the signal
// aborts every upstream call in flight) instead of the instance being killed mid-write. HTTP
// requests and CloudEvents share it.

export interface Deadline {
  signal: AbortSignal;
  /** Disarm it once the work is done. */
  end(): void;
}

export const DEFAULT_TIMEOUT_SEC = 60;
const DEADLINE_MARGIN_MS = 2_000;

export function armDeadline(timeoutSec = DEFAULT_TIMEOUT_SEC): Deadline {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), Math.max(1_000, timeoutSec * 1000 - DEADLINE_MARGIN_MS));
  return { signal: controller.signal, end: () => clearTimeout(timer) };
}
