import { HtmlFrame } from './html-frame';
import { list, str } from './values';

// An email exactly as it will be sent: from which account, to/cc/bcc, subject, the text, and
// the HTML version rendered safely.

export function EmailPreview({ d }: { d: Record<string, unknown> }) {
  const html = typeof d.html === 'string' ? d.html : undefined;
  return (
    <div class="preview">
      <dl class="kv">
        <dt>From</dt>
        <dd>{str(d.from)}</dd>
        <dt>To</dt>
        <dd>{list(d.to).join(', ')}</dd>
        {list(d.cc).length ? (
          <>
            <dt>Cc</dt>
            <dd>{list(d.cc).join(', ')}</dd>
          </>
        ) : null}
        {list(d.bcc).length ? (
          <>
            <dt>Bcc</dt>
            <dd>{list(d.bcc).join(', ')}</dd>
          </>
        ) : null}
        {d.reply_to ? (
          <>
            <dt>Reply-To</dt>
            <dd>{str(d.reply_to)}</dd>
          </>
        ) : null}
        <dt>Subject</dt>
        <dd>{str(d.subject)}</dd>
      </dl>
      <h4>Text version</h4>
      <pre class="body">{str(d.body)}</pre>
      {html !== undefined ? (
        <>
          <h4>HTML version</h4>
          <HtmlFrame html={html} title={`HTML of "${str(d.subject)}"`} addresses={list(d.html_remote_content)} />
        </>
      ) : d.has_html_version ? (
        <p class="small muted">An HTML version is attached (not shown by this server).</p>
      ) : null}
    </div>
  );
}
