import { useMemo } from 'preact/hooks';
import { remoteContent } from './remote-content';

// The email's HTML as it will be sent, rendered where it can do nothing: a srcdoc iframe with an
// empty sandbox (no scripts, no forms, no navigation, an opaque origin) whose own CSP blocks
// every fetch — and which inherits the console's CSP besides. What was blocked is listed, and
// the other addresses the server found in the stored HTML (links) are named too.

const FRAME_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:";

/** `addresses`: every remote address the server found in the stored HTML (send-email's preview). */
export function HtmlFrame({ html, title, addresses }: { html: string; title: string; addresses: readonly string[] }) {
  const remote = useMemo(() => remoteContent(html), [html]);
  const links = addresses.filter((a) => !remote.some((r) => r.url === a));
  const doc = `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${FRAME_CSP}"><base target="_blank"></head><body>${html}</body></html>`;
  return (
    <div class="html-preview">
      <iframe title={title} sandbox="" srcdoc={doc} referrerpolicy="no-referrer" loading="lazy" />
      {remote.length ? (
        <div class="blocked" role="note" aria-label="Remote content blocked">
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
      {links.length ? (
        <div class="blocked" role="note" aria-label="Links">
          <p>
            <strong>Links ({links.length}).</strong> Addresses the email points to:
          </p>
          <ul>
            {links.map((url) => (
              <li key={url}>
                <code>{url}</code>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
