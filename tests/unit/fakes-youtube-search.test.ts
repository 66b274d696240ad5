import { youtube } from '@googleapis/youtube';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGoogleFake, type GoogleFake } from '../../sandbox/google';

// The YouTube fake's search answers any query the way a search engine would: plausible videos,
// the same ones every time, paged and ordered as asked. (A dozen fixed videos answered the
// README's own example, "serverless", with nothing.)

let g: GoogleFake;
const NOW = Date.parse('2026-06-15T10:00:00Z');
beforeAll(async () => {
  g = await startGoogleFake({ apiKey: 'k', now: () => NOW });
});
afterAll(() => g.close());

const search = async (params: Record<string, unknown>) =>
  (await youtube({ version: 'v3', rootUrl: g.rootUrl }).search.list({ part: ['snippet'], type: ['video'], key: 'k', ...params })).data;

describe('YouTube search.list over the sandbox catalogue', () => {
  it('finds videos about any topic, mentioning it, the same ones every time', async () => {
    for (const q of ['serverless', 'serverless talks', 'knitting for beginners', 'Rust async']) {
      const first = await search({ q, maxResults: 10 });
      expect(first.items?.length, q).toBe(10);
      const words = q
        .toLowerCase()
        .split(' ')
        .filter((w) => w.length > 3);
      const text = (i: { snippet?: { title?: string | null; description?: string | null } | null }) =>
        `${i.snippet?.title} ${i.snippet?.description}`.toLowerCase();
      for (const item of first.items ?? [])
        expect(
          words.some((w) => text(item).includes(w.replace(/s$/, ''))),
          text(item),
        ).toBe(true);
      expect(text(first.items?.[0] ?? {})).toContain(words[0]);
      const again = await search({ q, maxResults: 10 });
      expect(again.items?.map((i) => i.id?.videoId)).toEqual(first.items?.map((i) => i.id?.videoId));
    }
  });

  it('ranks the videos mentioning more of the query first', async () => {
    const res = await search({ q: 'serverless talks', maxResults: 3 });
    expect(res.items?.[0]?.snippet?.title).toMatch(/talk/i);
    const curated = await search({ q: 'pasta recipe', maxResults: 1 });
    expect(curated.items?.[0]?.snippet?.title).toBe('Easy Weeknight Pasta in 15 Minutes');
  });

  it('pages through every result exactly once with nextPageToken', async () => {
    const all = await search({ q: 'sourdough', maxResults: 50 });
    const total = all.pageInfo?.totalResults ?? 0;
    expect(total).toBeGreaterThan(5);
    const seen: string[] = [];
    let pageToken: string | undefined;
    do {
      const page = await search({ q: 'sourdough', maxResults: 4, pageToken });
      seen.push(...(page.items ?? []).map((i) => i.id?.videoId ?? ''));
      pageToken = page.nextPageToken ?? undefined;
    } while (pageToken);
    expect(seen).toEqual(all.items?.map((i) => i.id?.videoId));
    expect(new Set(seen).size).toBe(total);
  });

  it('honours order=date, order=title and publishedAfter, and excludes -words', async () => {
    const byDate = await search({ q: 'chess openings', order: 'date', maxResults: 50 });
    const dates = byDate.items?.map((i) => i.snippet?.publishedAt ?? '') ?? [];
    expect([...dates].sort().reverse()).toEqual(dates);
    const byTitle = await search({ q: 'chess openings', order: 'title', maxResults: 50 });
    const titles = byTitle.items?.map((i) => i.snippet?.title ?? '') ?? [];
    expect([...titles].sort((a, b) => a.localeCompare(b))).toEqual(titles);
    const since = new Date(NOW - 60 * 86_400_000).toISOString();
    const recent = await search({ q: 'chess openings', publishedAfter: since, maxResults: 50 });
    expect((recent.items ?? []).every((i) => (i.snippet?.publishedAt ?? '') >= since)).toBe(true);
    expect(recent.items?.length).toBeLessThan(dates.length);
    const without = await search({ q: 'chess openings -beginner', maxResults: 50 });
    expect(without.items?.some((i) => /beginner/i.test(i.snippet?.title ?? ''))).toBe(false);
    expect(without.items?.length).toBeGreaterThan(0);
  });
});
