import type { TwitterApi } from 'twitter-api-v2';
import { z } from 'zod';
import { mapXError } from '../../providers/x/x-errors';

// Finding a post an earlier attempt made: the account's own posts since the effect began
// (https://docs.x.com/x-api/users/get-posts), matched on the exact text. X rewrites links to
// t.co in what it returns, so links are compared as "a link", everything else exactly.

const LOOK_BACK_MS = 60_000;
const Timeline = z.looseObject({
  data: z.array(z.looseObject({ id: z.string(), text: z.string() })).optional(),
});

export async function findRecentPost(client: TwitterApi, userId: string, text: string, sinceMs: number): Promise<{ id: string; text: string } | undefined> {
  const start_time = new Date(sinceMs - LOOK_BACK_MS).toISOString();
  const res: unknown = await client.v2.get(`users/${userId}/tweets`, { max_results: 100, start_time, exclude: 'retweets' }).catch((e: unknown) => {
    throw mapXError(e);
  });
  const want = comparable(text);
  return Timeline.parse(res).data?.find((p) => comparable(p.text) === want);
}

function comparable(text: string): string {
  return text.replace(/https?:\/\/\S+/g, '<link>').normalize('NFC');
}
