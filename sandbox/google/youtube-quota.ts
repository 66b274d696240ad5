// The YouTube Data API's daily quota, which the fake really keeps: 10,000 units a day per project
// by default, search.list costs 100, and the count starts again at midnight Pacific Time. An
// exhausted quota is a 403 quotaExceeded in the youtube.quota domain, as YouTube answers it.
// https://developers.google.com/youtube/v3/getting-started#quota
// https://developers.google.com/youtube/v3/docs/errors
import { FakeHttpError } from '../fake-server';
import { googleErrorBody } from './errors';

const DEFAULT_YOUTUBE_QUOTA = 10_000;

const pacificDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Los_Angeles', year: 'numeric', month: '2-digit', day: '2-digit' });

export class YoutubeQuota {
  private used = 0;
  private day = '';

  constructor(
    private readonly now: () => number,
    public limit = DEFAULT_YOUTUBE_QUOTA,
  ) {}

  /** Units spent today (Pacific). */
  get spent(): number {
    this.roll();
    return this.used;
  }

  /** Charges a call, or refuses it when today's quota cannot cover it. */
  spend(units: number): void {
    this.roll();
    if (this.used + units > this.limit) throw new FakeHttpError({ status: 403, body: quotaExceededBody() });
    this.used += units;
  }

  /** Uses up what is left of today's quota (what a busy day would have done). */
  exhaust(): void {
    this.roll();
    this.used = this.limit;
  }

  private roll(): void {
    const today = pacificDay.format(this.now());
    if (today !== this.day) {
      this.day = today;
      this.used = 0;
    }
  }
}

export function quotaExceededBody(): unknown {
  const message = 'The request cannot be completed because you have exceeded your <a href="/youtube/v3/getting-started#quota">quota</a>.';
  return googleErrorBody(403, message, { domain: 'youtube.quota', reason: 'quotaExceeded' });
}
