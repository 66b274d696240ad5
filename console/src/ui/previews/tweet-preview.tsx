import { num, str } from './values';

// A post as it will appear, with X's weighted length (what X counts, not characters).

export function TweetPreview({ d }: { d: Record<string, unknown> }) {
  const length = num(d.weighted_length);
  const max = num(d.max_weighted_length) ?? 280;
  return (
    <div class="preview">
      <dl class="kv">
        <dt>Account</dt>
        <dd>{str(d.account)}</dd>
        {d.reply_to ? (
          <>
            <dt>In reply to</dt>
            <dd>{str(d.reply_to)}</dd>
          </>
        ) : null}
      </dl>
      <blockquote class="post" data-testid="post-text">
        {str(d.text)}
      </blockquote>
      <p class="small" data-testid="weighted-length">
        Weighted length: {length ?? '?'} / {max}
      </p>
    </div>
  );
}
