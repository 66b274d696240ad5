import twitterText from 'twitter-text';

// X counts characters by weight (most CJK and emoji count 2, every URL 23), with NFC
// normalisation. The official twitter-text library implements exactly those rules.
export const MAX_WEIGHTED_LENGTH = 280;

export function weightedLength(text: string): { weightedLength: number; valid: boolean } {
  const parsed = twitterText.parseTweet(text);
  return { weightedLength: parsed.weightedLength, valid: parsed.valid };
}
