// Runs `fn` over `items` with at most `limit` calls in flight, keeping the input order. Listing
// mail fetches each message's metadata separately; firing all at once (up to 50) meets Gmail's
// per-user concurrent-request limit ("Too many concurrent requests for user", 429) and bursts
// our own outbound sockets, while a handful in flight already hides most of the round trips.

export async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        results[i] = await fn(items[i] as T, i);
      } catch (e) {
        failed = true; // the others stop taking new items; the first error is the answer
        throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
