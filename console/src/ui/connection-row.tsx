import { useState } from 'preact/hooks';
import { asApiError, type ApiError } from '../api/api-error';
import type { ConnectionView } from '../api/types';
import { useApp } from './context';

// One connected account: its scopes and status, make it the default, or disconnect it after an
// explicit confirmation (disconnecting revokes the grant at the provider).

export function ConnectionRow({ connection: c, onChange, onError }: { connection: ConnectionView; onChange(): void; onError(e: ApiError): void }) {
  const { api } = useApp();
  const [confirming, setConfirming] = useState(false);
  const name = c.alias ?? c.email ?? (c.username ? `@${c.username}` : c.account);
  const run = (p: Promise<unknown>) => p.then(onChange, (e: unknown) => onError(asApiError(e)));
  const makeDefault = () => run(api.call('connections', 'PATCH', { body: { provider: c.provider, account: c.account, default: true } }));
  const disconnect = () => run(api.call('connections', 'DELETE', { query: { provider: c.provider, account: c.account } }));
  return (
    <li class="account">
      <p>
        <strong>{name}</strong>
        {c.alias && (c.email || c.username) ? <span class="muted"> ({c.email ?? `@${c.username}`})</span> : null}
        {c.is_default ? <span class="badge">default</span> : null}
        {c.status !== 'active' ? <span class="state state-needs-reconnect">{c.status}</span> : null}
      </p>
      <p class="small muted">Scopes: {c.scopes.length ? c.scopes.join(', ') : 'none'}</p>
      {confirming ? (
        <fieldset class="confirm">
          <legend>Disconnect {name}?</legend>
          <p>The grant is revoked and the assistant can no longer use this account.</p>
          <button type="button" class="danger" onClick={disconnect}>
            Yes, disconnect {name}
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            Keep it
          </button>
        </fieldset>
      ) : (
        <div class="actions">
          {c.is_default ? null : (
            <button type="button" onClick={makeDefault}>
              Make default
            </button>
          )}
          <button type="button" onClick={() => setConfirming(true)}>
            Disconnect {name}
          </button>
        </div>
      )}
    </li>
  );
}
