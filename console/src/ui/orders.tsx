import { useState } from 'preact/hooks';
import { asApiError, type ApiError } from '../api/api-error';
import type { Order } from '../api/types';
import { useApp } from './context';
import { ErrorNote } from './error-note';
import { useLoad } from './use-load';

// The person's orders, newest first: open one for its status history and tracking, or cancel
// it (money moves back, so it takes a fresh sign-in, like buying).

type Money = { amount: number; currency: string };
const money = (m: Money) => `${m.currency} ${(m.amount / 100).toFixed(2)}`;
const CANCELLABLE = new Set(['pending', 'confirmed', 'shipped']);

export function Orders() {
  const { api } = useApp();
  const list = useLoad(() => api.call('list-orders', 'POST', { body: { page_size: 20 } }), [api]);
  return (
    <section aria-labelledby="orders-title">
      <h1 id="orders-title">Orders</h1>
      <ErrorNote error={list.error} />
      {list.data ? (
        list.data.orders.length ? (
          <ul class="cards">
            {list.data.orders.map((o) => (
              <OrderCard key={o.order_id} summary={o} onChange={list.reload} />
            ))}
          </ul>
        ) : (
          <p class="muted">No orders yet.</p>
        )
      ) : list.loading ? (
        <p aria-busy="true">Loading…</p>
      ) : null}
    </section>
  );
}

function OrderCard({ summary, onChange }: { summary: Omit<Order, 'status_history'>; onChange(): void }) {
  const { api, freshSignIn } = useApp();
  const [detail, setDetail] = useState<Order>();
  const [error, setError] = useState<ApiError>();
  const [reason, setReason] = useState('');
  const o = detail ?? summary;
  const open = () => api.call('get-order-status', 'POST', { body: { order_id: summary.order_id } }).then(setDetail, (e: unknown) => setError(asApiError(e)));
  const cancel = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    if (!(await freshSignIn(`Cancel order ${summary.order_id} (${money(summary.total)})`))) return;
    try {
      await api.call('cancel-order', 'POST', { body: { order_id: summary.order_id, reason: reason.trim() }, idempotencyKey: crypto.randomUUID() });
      setDetail(await api.call('get-order-status', 'POST', { body: { order_id: summary.order_id } }));
      onChange();
    } catch (err) {
      setError(asApiError(err));
    }
  };
  return (
    <li class="card" aria-labelledby={`order-${o.order_id}`}>
      <h2 id={`order-${o.order_id}`}>
        {o.items.map((i) => `${i.quantity} × ${i.title}`).join(', ')} <span class={`state state-${o.status}`}>{o.status}</span>
      </h2>
      <p class="small">
        {money(o.total)} · {o.merchant_id} · ordered {new Date(o.created_at).toLocaleString()} · <code>{o.order_id}</code>
      </p>
      <p class="small">Tracking: {o.tracking_number ? `${o.carrier ?? ''} ${o.tracking_number}` : 'not yet'}</p>
      {detail?.status_history.length ? (
        <ol class="history small" aria-label="Status history">
          {detail.status_history.map((h, i) => (
            <li key={i}>
              {new Date(h.at).toLocaleString()}: {h.from ? `${h.from} → ` : ''}
              {h.to}
              {h.reason ? ` (${h.reason})` : ''}
            </li>
          ))}
        </ol>
      ) : (
        <button type="button" onClick={open}>
          Show status history
        </button>
      )}
      <ErrorNote error={error} />
      {CANCELLABLE.has(o.status) ? (
        <form class="row" onSubmit={cancel}>
          <label>
            Reason for cancelling
            <input required value={reason} maxLength={500} onInput={(e) => setReason(e.currentTarget.value)} />
          </label>
          <button type="submit" class="danger">
            Cancel order
          </button>
        </form>
      ) : null}
    </li>
  );
}
