import { useEffect, useState } from 'preact/hooks';
import { asApiError, type ApiError } from '../api/api-error';
import type { SpendingState } from '../api/types';
import { useApp } from './context';
import { ErrorNote } from './error-note';
import { useLoad } from './use-load';

// The spending policy: limits per order and per day, allowed currencies and merchants. Changing
// it needs a fresh sign-in (the server checks the same).

type Policy = SpendingState['policy'];
type Currency = Policy['allowed_currencies'][number];
const CURRENCIES: Currency[] = ['USD', 'EUR', 'GBP'];
const toCents = (v: string) => Math.round(Number(v) * 100);

export function Spending() {
  const { api, freshSignIn } = useApp();
  const loaded = useLoad(() => api.call('spending-policy', 'GET'), [api]);
  const [policy, setPolicy] = useState<Policy>();
  const [merchants, setMerchants] = useState('');
  const [error, setError] = useState<ApiError>();
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    setPolicy(loaded.data?.policy);
    setMerchants(loaded.data?.policy.allowed_merchants?.join(', ') ?? '');
  }, [loaded.data]);
  const limit = (which: 'max_per_order' | 'max_per_day', c: Currency, v: string) =>
    setPolicy((p) => (p ? { ...p, [which]: { ...p[which], [c]: toCents(v) } } : p));
  // One amount field per limit and currency, in major units; the policy keeps minor units.
  const limitInput = (which: 'max_per_order' | 'max_per_day', c: Currency, label: string) => (
    <input
      type="number"
      min={0}
      step="0.01"
      aria-label={`${c} ${label}`}
      value={((policy?.[which][c] ?? 0) / 100).toFixed(2)}
      onChange={(e) => limit(which, c, e.currentTarget.value)}
    />
  );
  const save = async (e: Event) => {
    e.preventDefault();
    if (!policy) return;
    setError(undefined);
    setSaved(false);
    if (!(await freshSignIn('Change your spending policy'))) return;
    const list = merchants
      .split(',')
      .map((m) => m.trim())
      .filter(Boolean);
    try {
      await api.call('spending-policy', 'PUT', { body: { ...policy, allowed_merchants: list.length ? list : null } });
      setSaved(true);
      loaded.reload();
    } catch (err) {
      setError(asApiError(err));
    }
  };
  return (
    <section aria-labelledby="spending-title">
      <h1 id="spending-title">Spending policy</h1>
      <ErrorNote error={loaded.error ?? error} />
      {policy ? (
        <form class="stack" onSubmit={save}>
          <table class="receipt">
            <caption>Limits (today, {loaded.data?.today.day}, UTC)</caption>
            <thead>
              <tr>
                <th scope="col">Currency</th>
                <th scope="col">Allowed</th>
                <th scope="col">Per order</th>
                <th scope="col">Per day</th>
                <th scope="col">Approved today</th>
              </tr>
            </thead>
            <tbody>
              {CURRENCIES.map((c) => (
                <tr key={c}>
                  <th scope="row">{c}</th>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Allow ${c}`}
                      checked={policy.allowed_currencies.includes(c)}
                      onChange={(e) =>
                        setPolicy({
                          ...policy,
                          allowed_currencies: e.currentTarget.checked ? [...policy.allowed_currencies, c] : policy.allowed_currencies.filter((x) => x !== c),
                        })
                      }
                    />
                  </td>
                  <td>{limitInput('max_per_order', c, 'per order')}</td>
                  <td>{limitInput('max_per_day', c, 'per day')}</td>
                  <td>{(((loaded.data?.today.spent[c] ?? 0) as number) / 100).toFixed(2)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <label>
            Allowed merchants (comma-separated ids; empty allows every merchant)
            <input value={merchants} onInput={(e) => setMerchants(e.currentTarget.value)} />
          </label>
          <button type="submit" class="primary">
            Save spending policy
          </button>
          {saved ? <p role="status">Saved.</p> : null}
        </form>
      ) : null}
    </section>
  );
}
