import type { ActionContext } from '../runtime/context';
import { searchYoutube } from '../actions/youtube/search-youtube';
import { commerceFor } from '../commerce/deps';
import type { DigestContent } from './content';

// Orders (the user's CartPilot mirror, if they have one) and saved YouTube searches.

type OrdersSection = Exclude<DigestContent['orders'], undefined | { unavailable: string }>;
type YoutubeSection = Exclude<DigestContent['youtube'], undefined | { unavailable: string }>;

const MAX_SEARCHES = 5;

/** Orders whose status moved since `since`, through the orders store. */
export async function ordersSection(ctx: ActionContext, since: string): Promise<OrdersSection> {
  const orders = await commerceFor(ctx).orders.changedSince(ctx.user.uid, since, 10);
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
