// The videos YouTube search can find. Deterministic: publish times are offsets from the fake's
// clock, so "videos from the last week" queries always have something to return.
export interface CatalogVideo {
  videoId: string;
  title: string;
  description: string;
  channelId: string;
  channelTitle: string;
  publishedAt: string;
  viewCount: number;
  likeCount: number;
  liveBroadcastContent: 'none' | 'live' | 'upcoming';
  /** Made for the query's topic (youtube-topic-videos.ts) rather than from the curated list. */
  generated?: boolean;
}

type Entry = Omit<CatalogVideo, 'publishedAt' | 'liveBroadcastContent'> & { ageHours: number; live?: boolean };

const CHANNELS = {
  kitchen: ['UCq3Wz1xH0jZt3kXbYk9aV2w', 'Sunday Kitchen'],
  code: ['UC8mTqL5o2x9sAq3bN4hR7Ew', 'TypeScript Weekly'],
  cloud: ['UCj1Xr8pVb5N0dLk2sQ9TmAg', 'Cloud Native Notes'],
  trail: ['UCz7Hk2Yw4Qm9Rt1Lp6Nd3Sx', 'Trail & Summit'],
  news: ['UCa5Nv9Lm2Kq8Xj3Wr6Pt1Bz', 'Morning Briefing'],
  music: ['UCe4Rt7Yu1Io9Pa2Sd5Fg8Hj', 'Lo-Fi Study Room'],
} as const;

const v = (ch: keyof typeof CHANNELS, e: Omit<Entry, 'channelId' | 'channelTitle'>): Entry => ({
  channelId: CHANNELS[ch][0],
  channelTitle: CHANNELS[ch][1],
  ...e,
});

const ENTRIES: Entry[] = [
  v('kitchen', {
    videoId: 'p7Kx2mQv9aB',
    title: 'Easy Weeknight Pasta in 15 Minutes',
    description: 'A quick garlic and lemon pasta recipe for busy evenings.',
    ageHours: 20,
    viewCount: 182_340,
    likeCount: 9_120,
  }),
  v('kitchen', {
    videoId: 'Rt5vN8wLq2E',
    title: 'Sourdough Bread for Beginners',
    description: 'Step-by-step sourdough starter and first loaf, no special tools.',
    ageHours: 24 * 9,
    viewCount: 1_204_882,
    likeCount: 48_030,
  }),
  v('kitchen', {
    videoId: 'a3Jd9XkP0sQ',
    title: 'Meal Prep: 5 Lunches for the Week',
    description: 'Healthy meal prep recipes that keep well in the fridge.',
    ageHours: 24 * 3,
    viewCount: 96_410,
    likeCount: 4_870,
  }),
  v('code', {
    videoId: 'Zk4bT1uYc8M',
    title: 'TypeScript 7: What Changed in the Native Compiler',
    description: 'Benchmarks and migration notes for the Go-based TypeScript compiler.',
    ageHours: 30,
    viewCount: 58_220,
    likeCount: 3_901,
  }),
  v('code', {
    videoId: 'Hq6sE3pWn0L',
    title: 'Zod 4 Schemas in Practice',
    description: 'Validating API responses and generating JSON Schema with Zod 4.',
    ageHours: 24 * 12,
    viewCount: 41_980,
    likeCount: 2_655,
  }),
  v('cloud', {
    videoId: 'Wm2cR7tAf5J',
    title: 'Cloud Functions 2nd Gen: Cold Starts Explained',
    description: 'How to keep Node.js cloud functions fast: bundling, lazy clients and min instances.',
    ageHours: 24 * 2,
    viewCount: 23_410,
    likeCount: 1_288,
  }),
  v('cloud', {
    videoId: 'Ny8dK2vXg4T',
    title: 'Firestore Transactions Deep Dive',
    description: 'Contention, retries and idempotency with Firestore transactions.',
    ageHours: 24 * 20,
    viewCount: 67_003,
    likeCount: 3_412,
  }),
  v('trail', {
    videoId: 'Bc1fU6yHr9Z',
    title: 'Hiking the Dolomites: 4 Day Hut-to-Hut Trek',
    description: 'Alta Via 1 travel guide with huts, weather tips and trail maps.',
    ageHours: 24 * 5,
    viewCount: 310_552,
    likeCount: 15_870,
  }),
  v('trail', {
    videoId: 'Lx9gP3oMs7W',
    title: 'Ultralight Backpacking Gear List 2025',
    description: 'Tent, quilt and stove choices for ultralight hiking trips.',
    ageHours: 24 * 40,
    viewCount: 502_119,
    likeCount: 21_004,
  }),
  v('news', {
    videoId: 'Td0hQ5rVz2K',
    title: 'Morning Briefing: Markets, Weather and Tech News',
    description: 'Your daily news summary in ten minutes.',
    ageHours: 6,
    viewCount: 12_884,
    likeCount: 402,
  }),
  v('news', {
    videoId: 'Gy3kW8nBj6D',
    title: 'Live: Tech News Roundtable',
    description: 'Weekly live discussion of AI and tech news.',
    ageHours: 1,
    viewCount: 3_120,
    likeCount: 188,
    live: true,
  }),
  v('music', {
    videoId: 'Pf7mA1sCx4N',
    title: 'Lo-Fi Beats to Study and Relax',
    description: 'Two hours of calm lo-fi music for focus and studying.',
    ageHours: 24 * 60,
    viewCount: 8_930_441,
    likeCount: 210_376,
  }),
];

export function catalog(now: number): CatalogVideo[] {
  return ENTRIES.map(({ ageHours, live, ...e }) => ({
    ...e,
    // Whole seconds, like YouTube's timestamps.
    publishedAt: new Date(Math.floor((now - ageHours * 3_600_000) / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
    liveBroadcastContent: live ? 'live' : 'none',
  }));
}
