import { call, failure, lastDone, reply, type Step } from './sandbox-steps';
import type { Turn } from './sandbox-turn';

// YouTube and X journeys: search (and, when asked, post the best result, which waits for the
// person's approval), or post what the person wrote.

interface Video {
  title: string;
  channel_title: string;
  url: string;
}

export function youtubeStep(turn: Turn, query: string, tweet: boolean): Step {
  const last = lastDone(turn);
  if (!last) return call('search_youtube', { query, max_results: 5 });
  if (last.error) return failure(last);
  if (last.name === 'search_youtube') {
    const videos = (last.output as { videos: Video[] }).videos;
    // The first result is the most relevant one: that is "the best".
    const best = videos[0];
    if (!best) return reply(`YouTube found nothing for "${query}".`);
    if (!tweet) return reply(`Top videos for "${query}":\n${videos.map((v) => `- ${v.title} (${v.channel_title}) ${v.url}`).join('\n')}`);
    if (!turn.tools.includes('post_tweet')) return reply(`The best match is "${best.title}" ${best.url}, but posting to X is not available: connect X first.`);
    const text = postText(`Worth watching: "${best.title}" by ${best.channel_title}`, best.url);
    return call('post_tweet', { text }, `The best of ${videos.length} results for "${query}" is "${best.title}". Here is a post for your approval.`);
  }
  return posted(last.output as { url: string });
}

export function tweetStep(turn: Turn, text: string | undefined): Step {
  const last = lastDone(turn);
  if (!last) {
    if (!text) return reply('What should the post say? For example: post a tweet saying "Hello from my assistant".');
    return call('post_tweet', { text }, 'Here is the post for your approval.');
  }
  if (last.error) return failure(last);
  return posted(last.output as { url: string });
}

const posted = (out: { url: string }): Step => reply(`Posted: ${out.url}`);

/** X counts a link as 23 characters whatever its length; keep the whole post under 280. */
function postText(line: string, url: string): string {
  const room = 280 - 24;
  return `${line.length > room ? `${line.slice(0, room - 1)}…` : line} ${url}`;
}
