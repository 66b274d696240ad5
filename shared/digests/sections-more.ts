import { z } from 'zod';
import type { ActionContext } from '../runtime/context';
import { searchYoutube } from '../actions/youtube/search-youtube';
import type { DigestContent } from './content';

// Orders (the user's CartPilot mirror, if they have one) and saved YouTube searches.

type OrdersSection = Exclude<DigestContent['orders'], undefined | { unavailable: string }>;
type YoutubeSection = Exclude<DigestContent['youtube'], undefined | { unavailable: string }>;

// Only the fields the digest shows, leniently: the commerce records may grow.
const OrderDoc = z.looseObject({
  orderId: z.string(),
  status: z.string(),
  merchantId: z.string().default(''),
  totalCents: z.number().default(0),
  currency: z.string().default(''),
  updatedAt: z.string(),
});

const MAX_SEARCHES = 5;

/** Orders whose status moved since `since` (updatedAt is ISO; single-field index). */
export async function ordersSection(ctx: ActionContext, since: string): Promise<OrdersSection> {
  const db = await ctx.stores.db();
  const snap = await db.collection('users').doc(ctx.user.uid).collection('orders').where('updatedAt', '>', since).orderBy('updatedAt', 'desc').limit(10).get();
  const orders = snap.docs.flatMap((d) => {
    const parsed = OrderDoc.safeParse(d.data());
    return parsed.success ? [parsed.data] : [];
  });
  return {
    changes: orders.map((o) => ({
      orderId: o.orderId,
      status: o.status,
      merchant: o.merchantId,
      total: `${(o.totalCents / 100).toFixed(2)} ${o.currency}`.trim(),
      updatedAt: o.updatedAt,
    })),
  };
}

/** Videos published since `since` for each saved search (newest first, three each). */
export async function youtubeSection(ctx: ActionContext, queries: readonly string[], since: string): Promise<YoutubeSection> {
  const searches = await Promise.all(
    queries.slice(0, MAX_SEARCHES).map(async (query) => {
      const input = searchYoutube.input.parse({ query, max_results: 3, order: 'date', published_after: since });
      const found = await searchYoutube.run(input, ctx);
      return { query, videos: found.videos.map((v) => ({ title: v.title, url: v.url, channel: v.channel_title })) };
    }),
  );
  return { searches };
}
