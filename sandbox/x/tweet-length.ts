// Approximation of X's weighted Tweet length (twitter-text v3 config) so the fake refuses what
// X refuses: most Latin/punctuation code points weigh 1, everything else (CJK, emoji) weighs 2,
// and every URL counts as 23 regardless of its length. Good enough for a fake; production
// validation should use twitter-text itself.
const LIGHT_RANGES: Array<[number, number]> = [
  [0, 4351],
  [8192, 8205],
  [8208, 8223],
  [8242, 8247],
];
const URL_RE = /https?:\/\/[^\s]+/g;
const URL_WEIGHT = 23;
const EMOJI_RE = /\p{Extended_Pictographic}/u;
const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

function weightOf(grapheme: string): number {
  // An emoji sequence (ZWJ families, flags, skin tones) counts once, as 2.
  if (EMOJI_RE.test(grapheme)) return 2;
  let w = 0;
  for (const ch of grapheme) {
    const cp = ch.codePointAt(0) ?? 0;
    w += LIGHT_RANGES.some(([lo, hi]) => cp >= lo && cp <= hi) ? 1 : 2;
  }
  return w;
}

export function weightedLength(text: string): number {
  const normalized = text.normalize('NFC');
  let total = 0;
  const rest = normalized.replace(URL_RE, () => {
    total += URL_WEIGHT;
    return '';
  });
  for (const { segment } of segmenter.segment(rest)) total += weightOf(segment);
  return total;
}

export const MAX_TWEET_WEIGHT = 280;
