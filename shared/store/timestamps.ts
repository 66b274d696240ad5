/** Firestore returns Timestamps for stored Dates; records written by tests may hold Dates. */
export function toMillis(v: unknown): number {
  if (v instanceof Date) return v.getTime();
  if (v && typeof (v as { toMillis?: unknown }).toMillis === 'function') return (v as { toMillis(): number }).toMillis();
  return 0;
}
