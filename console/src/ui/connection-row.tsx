import { useEffect, useRef, useState } from 'preact/hooks';
import { asApiError, type ApiError } from '../api/api-error';
import type { ConnectionView } from '../api/types';
import { AliasEditor } from './alias-editor';
import { useApp } from './context';

// One connected account: its scopes and status, make it the default, give it an alias (or change
// or remove it), or disconnect it after an explicit confirmation (disconnecting revokes the grant
// at the provider).

export function ConnectionRow({ connection: c, onChange, onError }: { connection: ConnectionView; onChange(): void; onError(e: ApiError): void }) {
  const { api } = useApp();
  const [confirming, setConfirming] = useState(false);
  const [naming, setNaming] = useState(false);
  // Closing the alias form puts the keyboard focus back on the button that opened it.
  const aliasButton = useRef<HTMLButtonElement>(null);
  const wasNaming = useRef(false);
  useEffect(() => {
    if (wasNaming.current && !naming) aliasButton.current?.focus();
    wasNaming.current = naming;
  }, [naming]);
  const address = c.email ?? (c.username ? `@${c.username}` : c.account);
  const name = c.alias ?? address;
  const run = (p: Promise<unknown>) => p.then(onChange, (e: unknown) => onError(asApiError(e)));
  const makeDefault = () => run(api.call('connections', 'PATCH', { body: { provider: c.provider, account: c.account, default: true } }));
  const disconnect = () => run(api.call('connections', 'DELETE', { query: { provider: c.provider, account: c.account } }));
  return (
    <li class="account">
      <p>
        <strong>{name}</strong>
        {c.alias ? <span class="muted"> ({address})</span> : null}
        {c.is_default ? <span class="badge">default</span> : null}
        {c.status !== 'active' ? <span class="state state-needs-reconnect">{c.status}</span> : null}
      </p>
      <p class="small muted">Scopes: {c.scopes.length ? c.scopes.join(', ') : 'none'}</p>
      {naming ? (
        <AliasEditor connection={c} address={address} onDone={() => (setNaming(false), onChange())} onCancel={() => setNaming(false)} />
      ) : confirming ? (
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
          <button type="button" ref={aliasButton} onClick={() => setNaming(true)}>
            {c.alias ? `Change alias of ${name}` : `Give ${name} an alias`}
          </button>
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
