import { useEffect, useState } from 'preact/hooks';
import { asApiError, type ApiError } from '../api/api-error';
import type { DigestState } from '../api/types';
import { useApp } from './context';
import { ErrorNote } from './error-note';
import { useLoad } from './use-load';

// The daily digest: when and where it is sent and what it contains, and the recent ones.

type Settings = DigestState['settings'];

export function Digests() {
  const { api } = useApp();
  const loaded = useLoad(() => api.call('digest-settings', 'GET'), [api]);
  const [form, setForm] = useState<Settings>();
  const [error, setError] = useState<ApiError>();
  const [saved, setSaved] = useState(false);
  useEffect(() => setForm(loaded.data?.settings), [loaded.data]);
  const set = (patch: Partial<Settings>) => (setSaved(false), setForm((f) => (f ? { ...f, ...patch } : f)));
  const save = async (e: Event) => {
    e.preventDefault();
    if (!form) return;
    setError(undefined);
    try {
      const { enabled, local_hour, time_zone, sections, delivery_address } = form;
      await api.call('digest-settings', 'PUT', { body: { enabled, local_hour, time_zone, sections, delivery_address } });
      setSaved(true);
      loaded.reload();
    } catch (err) {
      setError(asApiError(err));
    }
  };
  return (
    <section aria-labelledby="digests-title">
      <h1 id="digests-title">Daily digest</h1>
      <ErrorNote error={loaded.error ?? error} />
      {form ? (
        <form class="stack" onSubmit={save}>
          <label class="check">
            <input type="checkbox" checked={form.enabled} onChange={(e) => set({ enabled: e.currentTarget.checked })} /> Send me a daily digest
          </label>
          <label>
            Hour (0–23, local time)
            <input type="number" min={0} max={23} value={form.local_hour} onInput={(e) => set({ local_hour: Number(e.currentTarget.value) })} />
          </label>
          <label>
            Time zone
            <input value={form.time_zone} onInput={(e) => set({ time_zone: e.currentTarget.value })} />
          </label>
          <label>
            Delivery address
            <input type="email" value={form.delivery_address ?? ''} onInput={(e) => set({ delivery_address: e.currentTarget.value || null })} />
          </label>
          <fieldset>
            <legend>Sections</legend>
            {(['calendar', 'email', 'orders'] as const).map((k) => (
              <label class="check" key={k}>
                <input type="checkbox" checked={form.sections[k]} onChange={(e) => set({ sections: { ...form.sections, [k]: e.currentTarget.checked } })} /> {k}
              </label>
            ))}
            <label>
              Saved YouTube searches (one per line, up to 5)
              <textarea
                rows={3}
                value={form.sections.youtube_searches.join('\n')}
                onInput={(e) => set({ sections: { ...form.sections, youtube_searches: e.currentTarget.value.split('\n').filter((s) => s.trim()) } })}
              />
            </label>
          </fieldset>
          <button type="submit" class="primary">
            Save digest settings
          </button>
          {saved ? <p role="status">Saved.</p> : null}
          {loaded.data?.settings.next_due_at ? <p class="small muted">Next digest: {new Date(loaded.data.settings.next_due_at).toLocaleString()}</p> : null}
        </form>
      ) : null}
      <h2>Recent digests</h2>
      {loaded.data?.recent_digests.length ? (
        loaded.data.recent_digests.map((d) => (
          <article class="card" key={d.local_date} aria-label={`Digest of ${d.local_date}`}>
            <h3>
              {d.subject ?? d.local_date} <span class="state">{d.state}</span>
            </h3>
            {d.notice ? <p role="note">{String(d.notice)}</p> : null}
            <pre class="body">{d.text ?? ''}</pre>
          </article>
        ))
      ) : (
        <p class="muted">No digests yet.</p>
      )}
    </section>
  );
}
