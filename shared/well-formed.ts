// Ill-formed UTF-16 (a lone surrogate, e.g. JSON "\ud800") cannot be encoded as UTF-8: Firestore,
// Gmail, X and CartPilot each fail on it in their own way, mid-request. In a `u` regex a paired
// surrogate is one code point, so \p{Cs} matches only the lone ones.
const LONE_SURROGATE = /\p{Cs}/u;

export function isWellFormedText(s: string): boolean {
  return !LONE_SURROGATE.test(s);
}

/** The path of the first string (value or key) in `value` that is not well-formed, if any. */
export function illFormedStringPath(value: unknown, path: string[] = [], depth = 0): string[] | undefined {
  if (typeof value === 'string') return isWellFormedText(value) ? undefined : path;
  if (value === null || typeof value !== 'object' || depth > 64) return undefined;
  for (const [k, v] of Object.entries(value)) {
    if (!isWellFormedText(k)) return [...path, k.replace(/\p{Cs}/gu, '\ufffd')];
    const found = illFormedStringPath(v, [...path, k], depth + 1);
    if (found) return found;
  }
  return undefined;
}
