import { useMemo } from 'preact/hooks';
import { remoteContent } from './remote-content';

// The email's HTML as it will be sent, rendered where it can do nothing: a srcdoc iframe with an
// empty sandbox (no scripts, no forms, no navigation, an opaque origin) whose own CSP blocks
// every fetch — and which inherits the console's CSP besides. What was blocked is listed.

const FRAME_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:";

export function HtmlFrame({ html, title }: { html: string; title: string }) {
  const remote = useMemo(() => remoteContent(html), [html]);
  const doc = `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${FRAME_CSP}"><base target="_blank"></head><body>${html}</body></html>`;
  return (
    <div class="html-preview">
      <iframe title={title} sandbox="" srcdoc={doc} referrerpolicy="no-referrer" loading="lazy" />
      {remote.length ? (
        <div class="blocked" role="note">
          <p>
            <strong>Remote content blocked ({remote.length}).</strong> The recipient's mail app may load it when they open the email:
          </p>
          <ul>
            {remote.map((r) => (
              <li key={r.url}>
                {r.kind}: <code>{r.url}</code>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p class="small muted">No remote content.</p>
      )}
    </div>
  );
}
