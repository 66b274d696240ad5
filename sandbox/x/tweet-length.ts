// X's weighted post length, counted the way X counts it: twitter-text (X's own published
// implementation of the v3 rules) — NFC normalisation, CJK and emoji weigh 2, and every URL it
// recognises weighs 23, including bare domains such as `example.com/…` that have no scheme.
// https://docs.x.com/fundamentals/counting-characters
import twitterText from 'twitter-text';

export const MAX_TWEET_WEIGHT = 280;

export function weightedLength(text: string): number {
  return twitterText.parseTweet(text).weightedLength;
}
