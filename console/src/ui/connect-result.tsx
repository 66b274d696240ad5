import { href } from './router';

// Where the OAuth redirect lands: oauth-callback sends the browser back to the console with
// ?connected=<provider>&account=… or ?error=<reason>&provider=… (no token ever rides in the URL).

export type ConnectOutcome = { ok: true; provider: string; account: string } | { ok: false; provider: string; reason: string };

const NAMES: Record<string, string> = { google: 'Google', x: 'X' };

/** Reads the outcome from the address bar once, then removes it from there. */
export function readConnectOutcome(): ConnectOutcome | undefined {
  const q = new URLSearchParams(location.search);
  const connected = q.get('connected');
  const error = q.get('error');
  if (!connected && !error) return undefined;
  // Bare path: following any console link then changes the hash, which closes this page.
  history.replaceState(null, '', location.pathname);
  if (connected) return { ok: true, provider: connected, account: q.get('account') ?? '' };
  return { ok: false, provider: q.get('provider') ?? '', reason: error ?? 'unknown' };
}

export function ConnectResult({ outcome }: { outcome: ConnectOutcome }) {
  const name = NAMES[outcome.provider] ?? outcome.provider;
  return (
    <section class="result" aria-labelledby="result-title">
      {outcome.ok ? (
        <>
          <h1 id="result-title">{name} is connected</h1>
          <p role="status">
            The assistant can now use <strong>{outcome.account}</strong> on {name}. Anything it wants to send or post still waits for your approval.
          </p>
        </>
      ) : (
        <>
          <h1 id="result-title">{name} was not connected</h1>
          <p role="alert">
            The connection did not complete: <code>{outcome.reason}</code>. Nothing was stored. You can try again.
          </p>
        </>
      )}
      <p>
        <a href={href('connections')}>Back to connections</a>
      </p>
    </section>
  );
}
