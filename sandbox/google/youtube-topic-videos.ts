// Videos for any topic. A real YouTube search finds something for nearly every query; a fixed
// catalogue of a dozen videos answered "serverless talks" with nothing. So, beside the curated
// catalogue, each query's topic gets a dozen plausible videos made from templates: ids, channels,
// ages, views and likes all derive from a hash of the topic, so the same query always finds the
// same videos (and their ages are offsets from the fake's clock, like the catalogue's).
import { createHash } from 'node:crypto';
import type { CatalogVideo } from './youtube-catalog';

/** Words that say what kind of video is wanted rather than what it is about. */
const FILLER = new Set(
  'a an and the for about on of to in with how what is are me my some any best good new video videos talk talks clip clips watch youtube tutorial tutorials'.split(
    ' ',
  ),
);

const TEMPLATES: { title: string; description: string }[] = [
  { title: '{T} Explained in 10 Minutes', description: 'A clear, fast introduction to {t}: the ideas, the vocabulary and when it matters.' },
  { title: "{T}: The Complete Beginner's Guide", description: 'Everything you need to get started with {t}, step by step, with examples.' },
  { title: '{T} in Production: Conference Talk', description: 'A conference talk on running {t} for real: what worked, what failed, what we would redo.' },
  { title: 'I Tried {T} for 30 Days', description: 'A month-long experiment with {t}, with honest results and the surprises along the way.' },
  { title: 'Top 5 {T} Mistakes (and How to Avoid Them)', description: 'The five most common {t} mistakes, why they happen and how to avoid each one.' },
  { title: '{T} Deep Dive: Lessons Learned', description: 'An in-depth look at {t}, from first principles to advanced techniques.' },
  { title: 'The State of {T} in {Y}', description: 'Where {t} stands this year: trends, tools and what to watch next.' },
  { title: '{T} vs the Alternatives: An Honest Comparison', description: 'Comparing {t} with the main alternatives, with pros, cons and a recommendation.' },
  { title: 'Why Everyone Is Talking About {T}', description: 'What makes {t} the topic of the moment, explained without the hype.' },
  { title: '{T} Crash Course', description: 'A one-hour crash course on {t}, with exercises and a cheat sheet.' },
  { title: 'Building Something Real with {T}', description: 'A hands-on build using {t} from an empty folder to a finished project.' },
  { title: '{T}: Questions and Answers with an Expert', description: 'A long-form Q&A about {t}, answering the questions viewers asked most.' },
];

const CHANNELS = ['The Curious Engineer', 'Explainer Lab', 'Conference Archive', 'Weekend Workshop', 'Hands-On Studio', 'Deep Dive Daily'];

/** The topic of a query (its words minus filler), or undefined when nothing is left. */
export function topicOf(words: string[]): string | undefined {
  const kept = words.filter((w) => !FILLER.has(w));
  return kept.length > 0 ? kept.join(' ') : undefined;
}

export function topicVideos(words: string[], now: number): CatalogVideo[] {
  const topic = topicOf(words);
  if (!topic) return [];
  const title = topic.replace(/\b\p{L}/gu, (c) => c.toUpperCase());
  const year = String(new Date(now).getUTCFullYear());
  return TEMPLATES.map((t, i) => {
    const h = hash(`${topic}#${i}`);
    const channel = CHANNELS[h.readUInt8(0) % CHANNELS.length] as string;
    // Ages from two hours to about two and a half years; views log-uniform from 1k to ~5M.
    const ageHours = 2 + Math.floor((h.readUInt32BE(1) / 0xffffffff) * 24 * 900);
    const viewCount = Math.round(10 ** (3 + (h.readUInt16BE(5) / 0xffff) * 3.7));
    return {
      videoId: h.subarray(8, 16).toString('base64url').slice(0, 11),
      title: t.title.replace('{T}', title).replace('{Y}', year),
      description: t.description.replace('{t}', topic),
      channelId: `UC${hash(channel).subarray(0, 16).toString('base64url').slice(0, 22)}`,
      channelTitle: channel,
      // Whole seconds, like YouTube's timestamps.
      publishedAt: new Date(Math.floor((now - ageHours * 3_600_000) / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
      viewCount,
      likeCount: Math.round(viewCount * (0.02 + h.readUInt8(7) / 255 / 25)),
      liveBroadcastContent: 'none' as const,
      generated: true,
    };
  });
}

function hash(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}
