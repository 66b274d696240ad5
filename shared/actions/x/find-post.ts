import type { TwitterApi } from 'twitter-api-v2';
import { z } from 'zod';
import { AppError } from '../../errors';
import { mapXError } from '../../providers/x/x-errors';

// Finding a post an earlier attempt made: the account's own posts since the effect began
// (https://docs.x.com/x-api/users/get-posts), page by page, matched on the exact text. X rewrites
// links to t.co in what it returns, so links are compared as "a link", everything else exactly.
// "Not there" is said only after the whole window was read; a window too large to read is
// "cannot tell" (an error), never "not there".

const LOOK_BACK_MS = 60_000;
const MAX_PAGES = 10;
const Timeline = z.looseObject({
  data: z.array(z.looseObject({ id: z.string(), text: z.string() })).optional(),
  meta: z.looseObject({ next_token: z.string().optional() }).optional(),
});

export async function findRecentPost(client: TwitterApi, userId: string, text: string, sinceMs: number): Promise<{ id: string; text: string } | undefined> {
  const start_time = new Date(sinceMs - LOOK_BACK_MS).toISOString();
  const want = comparable(text);
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const query = { max_results: 100, start_time, exclude: 'retweets', ...(token ? { pagination_token: token } : {}) };
    const res = Timeline.parse(
      await client.v2.get(`users/${userId}/tweets`, query).catch((e: unknown) => {
        throw mapXError(e);
      }),
    );
    const hit = res.data?.find((p) => comparable(p.text) === want);
    if (hit) return hit;
    token = res.meta?.next_token;
    if (!token) return undefined;
  }
  throw new AppError('upstream_error', 'Too many recent posts to tell whether this one was made.', { details: { provider: 'x' } });
}

function comparable(text: string): string {
  return text.replace(/https?:\/\/\S+/g, '<link>').normalize('NFC');
}
