import { z } from 'zod';
import { defineAction } from '../define-action';
import { rfc3339 } from '../common/fields';
import { retryRead } from '../../providers/retry';
import { mapGoogleError } from '../../providers/google/google-errors';
import { canonicalJson } from '../../store/idempotency';
import { unescapeHtml } from '../common/html-text';

// YouTube search with an API key (no user connection). Results are the same for everyone, so
// they are cached in Firestore for an hour per normalised query: a search costs 100 quota units.

const CACHE_TTL_MS = 60 * 60 * 1000;

const Input = z.strictObject({
  query: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .regex(/^[^\r\n]+$/)
    .describe('What to search for, e.g. "keynote on serverless cold starts".'),
  max_results: z.int().min(1).max(50).default(10).describe('How many videos to return (1–50, default 10).'),
  order: z.enum(['relevance', 'date', 'viewCount', 'rating', 'title']).default('relevance').describe('Sort order of the results.'),
  published_after: rfc3339('Only videos published after this instant').optional(),
});

const Video = z.object({
  video_id: z.string(),
  title: z.string(),
  description: z.string(),
  channel_id: z.string(),
  channel_title: z.string(),
  published_at: z.string(),
  url: z.string(),
  thumbnail_url: z.string().optional(),
});
const Output = z.object({ query: z.string(), from_cache: z.boolean(), videos: z.array(Video) });

const SearchResponse = z.looseObject({
  items: z
    .array(
      z.looseObject({
        id: z.looseObject({ videoId: z.string().optional() }),
        snippet: z.looseObject({
          title: z.string().default(''),
          description: z.string().default(''),
          channelId: z.string().default(''),
          channelTitle: z.string().default(''),
          publishedAt: z.string().default(''),
          thumbnails: z.record(z.string(), z.looseObject({ url: z.string() })).optional(),
        }),
      }),
    )
    .default([]),
});

export function normaliseQuery(q: string): string {
  return q.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

export const searchYoutube = defineAction({
  name: 'search_youtube',
  description: 'Search YouTube for videos matching a query.',
  input: Input,
  output: Output,
  provider: 'youtube',
  scopes: [],
  effect: 'read',
  // 100 units of the project's shared YouTube quota per call.
  throttle: 'search',
  run: async (input, ctx) => {
    const query = normaliseQuery(input.query);
    const cacheKey = canonicalJson({ query, max: input.max_results, order: input.order, after: input.published_after ?? null });
    const cached = await ctx.stores.cache.get<z.infer<typeof Video>[]>('youtube-search', cacheKey);
    if (cached) return { query: input.query, from_cache: true, videos: cached };
    const key = await ctx.clients.youtubeApiKey();
    const { youtube } = await import('@googleapis/youtube');
    const api = youtube({ version: 'v3', rootUrl: ctx.config.google.apiRootUrl, timeout: ctx.config.upstreamTimeoutMs, retry: false });
    // https://developers.google.com/youtube/v3/docs/search/list
    const res = await retryRead(
      () =>
        api.search.list(
          { key, part: ['snippet'], q: input.query, type: ['video'], maxResults: input.max_results, order: input.order, publishedAfter: input.published_after },
          { signal: ctx.signal },
        ),
      mapGoogleError,
      undefined,
      { signal: ctx.signal },
    );
    const videos = SearchResponse.parse(res.data).items.flatMap((item) => {
      const id = item.id.videoId;
      if (!id) return [];
      const s = item.snippet;
      const thumb = s.thumbnails?.high ?? s.thumbnails?.medium ?? s.thumbnails?.default;
      return [
        {
          video_id: id,
          title: unescapeHtml(s.title),
          description: unescapeHtml(s.description),
          channel_id: s.channelId,
          channel_title: unescapeHtml(s.channelTitle),
          published_at: s.publishedAt,
          url: `https://www.youtube.com/watch?v=${id}`,
          thumbnail_url: thumb?.url,
        },
      ];
    });
    await ctx.stores.cache.set('youtube-search', cacheKey, videos, CACHE_TTL_MS);
    return { query: input.query, from_cache: false, videos };
  },
});
