// search.list's matching and ranking over the curated catalogue plus the query topic's videos.
// https://developers.google.com/youtube/v3/docs/search/list (q supports -word to exclude; order)
import type { CatalogVideo } from './youtube-catalog';
import { topicVideos } from './youtube-topic-videos';

export const ORDERS = ['date', 'rating', 'relevance', 'title', 'videoCount', 'viewCount'] as const;
export type Order = (typeof ORDERS)[number];

interface Terms {
  include: string[];
  exclude: string[];
}

export interface SearchWindow {
  after?: number;
  before?: number;
}

/** Every video matching `q` in the window, in the requested order. */
export function searchVideos(catalogue: CatalogVideo[], q: string, order: Order, window: SearchWindow, now: number): CatalogVideo[] {
  const terms = parseTerms(q);
  const inWindow = (v: CatalogVideo) => {
    const t = Date.parse(v.publishedAt);
    return (window.after === undefined || t >= window.after) && (window.before === undefined || t < window.before);
  };
  return [...catalogue, ...topicVideos(terms.include, now)]
    .filter(inWindow)
    .map((v) => ({ v, score: score(v, terms) }))
    .filter((h) => h.score > 0)
    .sort((a, b) => compare(order, a, b))
    .map((h) => h.v);
}

function parseTerms(q: string): Terms {
  const words = q.toLowerCase().split(/\s+/).filter(Boolean);
  const clean = (w: string) => w.replace(/[^\p{L}\p{N}]+/gu, '');
  return {
    include: words
      .filter((w) => !w.startsWith('-'))
      .map(clean)
      .filter(Boolean),
    exclude: words
      .filter((w) => w.startsWith('-'))
      .map(clean)
      .filter(Boolean),
  };
}

/** Relevance = how many query words a video mentions; 0 = not a match. */
function score(v: CatalogVideo, t: Terms): number {
  const words = new Set(`${v.title} ${v.description} ${v.channelTitle}`.toLowerCase().split(/[^\p{L}\p{N}]+/u));
  // Whole words, singular or plural: "talks" finds "Talk", not "Talking".
  const has = (w: string) => words.has(w) || words.has(`${w}s`) || (w.length > 3 && w.endsWith('s') && words.has(w.slice(0, -1)));
  if (t.exclude.some(has)) return 0;
  if (t.include.length === 0) return 1;
  return t.include.filter(has).length;
}

type Hit = { v: CatalogVideo; score: number };

function compare(order: Order, a: Hit, b: Hit): number {
  switch (order) {
    case 'date':
      return b.v.publishedAt.localeCompare(a.v.publishedAt);
    case 'rating':
      return b.v.likeCount - a.v.likeCount;
    case 'title':
      return a.v.title.localeCompare(b.v.title);
    case 'viewCount':
      return b.v.viewCount - a.v.viewCount;
    default:
      // Equal relevance: the curated channels' videos first, then the most watched.
      return b.score - a.score || Number(Boolean(a.v.generated)) - Number(Boolean(b.v.generated)) || b.v.viewCount - a.v.viewCount;
  }
}
