import type { Preview as PreviewData } from '../../api/types';
import { EmailPreview } from './email-preview';
import { EventPreview } from './event-preview';
import { PurchasePreview } from './purchase-preview';
import { TweetPreview } from './tweet-preview';
import { str } from './values';

// The stored approval's preview, by kind — what will happen, from the server's record of the
// exact call, never from the assistant's words.

export function Preview({ preview }: { preview: PreviewData }) {
  const d = preview.details;
  switch (preview.kind) {
    case 'email':
      return <EmailPreview d={d} />;
    case 'tweet':
      return <TweetPreview d={d} />;
    case 'event':
      return <EventPreview d={d} />;
    case 'purchase':
      return <PurchasePreview d={d} />;
    case 'cancel_order':
      return (
        <dl class="kv preview">
          <dt>Order</dt>
          <dd>{str(d.order_id)}</dd>
          <dt>Reason</dt>
          <dd>{str(d.reason)}</dd>
        </dl>
      );
    default:
      return (
        <div class="preview">
          <p>{str(d.description)}</p>
          <pre class="body">{JSON.stringify(d.args ?? d, null, 2)}</pre>
        </div>
      );
  }
}
