import { useEffect, useRef, useState } from 'preact/hooks';
import { asApiError, type ApiError } from '../api/api-error';
import type { ConnectionView } from '../api/types';
import { useApp } from './context';
import { ErrorNote } from './error-note';

// Naming a connected account ("work", "personal"): the name the assistant and the person use to
// say which account an action runs as. The server decides what is a valid and free name (an alias
// may not also name another account); a refusal is shown beside the field, which keeps its text.

export function AliasEditor({ connection: c, address, onDone, onCancel }: { connection: ConnectionView; address: string; onDone(): void; onCancel(): void }) {
  const { api } = useApp();
  const [value, setValue] = useState(c.alias ?? '');
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  const id = `alias-${c.provider}-${c.account}`.replace(/[^\w-]/g, '_');

  const save = async (alias: string | null) => {
    setBusy(true);
    setError(undefined);
    try {
      await api.call('connections', 'PATCH', { body: { provider: c.provider, account: c.account, alias } });
      onDone();
    } catch (e) {
      setError(asApiError(e));
      setBusy(false);
    }
  };
  const submit = (e: Event) => {
    e.preventDefault();
    const alias = value.trim();
    void save(alias === '' ? null : alias);
  };

  return (
    <form class="alias-form" onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <div class="row">
        <label for={id}>
          Alias for {address}
          <input
            id={id}
            ref={input}
            value={value}
            onInput={(e) => setValue(e.currentTarget.value)}
            maxLength={40}
            aria-describedby={`${id}-hint`}
            aria-invalid={error ? 'true' : undefined}
          />
        </label>
        <button type="submit" class="primary" disabled={busy}>
          Save alias
        </button>
        {c.alias ? (
          <button type="button" disabled={busy} onClick={() => void save(null)}>
            Remove alias
          </button>
        ) : null}
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
      <p id={`${id}-hint`} class="small muted">
        Letters, digits, spaces, “_”, “.” or “-”; it may not be another account’s name. Empty removes the alias.
      </p>
      <ErrorNote error={error} title="Alias not saved" />
    </form>
  );
}
