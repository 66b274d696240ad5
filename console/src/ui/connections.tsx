import { useState } from 'preact/hooks';
import { asApiError, type ApiError } from '../api/api-error';
import type { ConnectionView, ProviderStatus } from '../api/types';
import { ConnectionRow } from './connection-row';
import { useApp } from './context';
import { ErrorNote } from './error-note';
import { useLoad } from './use-load';

// Each provider's state (not configured / not connected / connected / needs reconnect) with its
// accounts and scopes; connect (the OAuth redirect and back), default account, alias, disconnect.

const PROVIDERS: { id: 'google' | 'x' | 'youtube' | 'cartpilot'; name: string; oauth: boolean }[] = [
  { id: 'google', name: 'Google (Calendar, Gmail)', oauth: true },
  { id: 'x', name: 'X', oauth: true },
  { id: 'youtube', name: 'YouTube search', oauth: false },
  { id: 'cartpilot', name: 'CartPilot shopping', oauth: false },
];

export function stateOf(p: ProviderStatus, oauth: boolean): string {
  if (!p.configured) return 'Not configured';
  if (!oauth) return 'Ready';
  if (p.reauth_required) return 'Needs reconnect';
  return p.connected ? 'Connected' : 'Not connected';
}

export function Connections() {
  const { api } = useApp();
  const status = useLoad(() => api.call('integrations-status', 'GET'), []);
  const list = useLoad(() => api.call('connections', 'GET'), []);
  const [error, setError] = useState<ApiError>();
  const reload = () => (status.reload(), list.reload());
  return (
    <section aria-labelledby="connections-title">
      <h1 id="connections-title">Connections</h1>
      <ErrorNote error={status.error ?? list.error ?? error} />
      {status.data && list.data ? (
        <ul class="cards">
          {PROVIDERS.map((p) => {
            const s = status.data?.providers[p.id];
            if (!s) return null;
            const accounts = (list.data?.connections ?? []).filter((c) => c.provider === p.id);
            return <ProviderCard key={p.id} provider={p} status={s} accounts={accounts} onChange={reload} onError={setError} />;
          })}
        </ul>
      ) : (
        <p aria-busy="true">Loading…</p>
      )}
    </section>
  );
}

interface CardProps {
  provider: (typeof PROVIDERS)[number];
  status: ProviderStatus;
  accounts: ConnectionView[];
  onChange(): void;
  onError(e: ApiError): void;
}

function ProviderCard({ provider, status, accounts, onChange, onError }: CardProps) {
  const { api } = useApp();
  const [alias, setAlias] = useState('');
  const state = stateOf(status, provider.oauth);
  const connect = async () => {
    try {
      const returnTo = `${location.origin}${location.pathname}`;
      const started = await api.call('oauth-start', 'GET', {
        query: { provider: provider.id, mode: 'json', return_to: returnTo, ...(alias.trim() ? { account: alias.trim() } : {}) },
      });
      location.assign(started.url);
    } catch (e) {
      onError(asApiError(e));
    }
  };
  return (
    <li class="card" aria-labelledby={`provider-${provider.id}`}>
      <h2 id={`provider-${provider.id}`}>
        {provider.name} <span class={`state state-${state.replace(/\s/g, '-').toLowerCase()}`}>{state}</span>
      </h2>
      {accounts.length ? (
        <ul class="plain">
          {accounts.map((c) => (
            <ConnectionRow key={c.account} connection={c} onChange={onChange} onError={onError} />
          ))}
        </ul>
      ) : provider.oauth ? (
        <p class="muted">No account connected.</p>
      ) : (
        <p class="muted">{status.configured ? 'Ready: uses the server’s own key, nothing to connect.' : 'The server has no key for it.'}</p>
      )}
      {provider.oauth && status.configured ? (
        <div class="row">
          <label>
            Alias for the account you connect (optional)
            <input value={alias} onInput={(e) => setAlias(e.currentTarget.value)} placeholder="work" maxLength={40} />
          </label>
          <button type="button" class="primary" onClick={connect}>
            {status.reauth_required ? `Reconnect ${provider.name}` : `Connect ${provider.id === 'x' ? 'X' : 'Google'}`}
          </button>
        </div>
      ) : null}
    </li>
  );
}
