import type { SpendingState } from '../../api/types';
import { useApp } from '../context';
import { useLoad } from '../use-load';
import { num, str } from './values';

// A purchase as its frozen receipt: merchant, lines with unit prices, tax, shipping, total and
// currency, where order mail goes, and how much of the person's spending policy it leaves.

interface Line {
  title?: unknown;
  quantity?: unknown;
  unit_price?: unknown;
  line_total?: unknown;
}

export function PurchasePreview({ d }: { d: Record<string, unknown> }) {
  const { api } = useApp();
  const policy = useLoad(() => api.call('spending-policy', 'GET'), [api]);
  const lines = (Array.isArray(d.items) ? d.items : []) as Line[];
  return (
    <div class="preview">
      <dl class="kv">
        <dt>Merchant</dt>
        <dd>{str(d.merchant_id)}</dd>
        <dt>Checkout</dt>
        <dd>
          <code>{str(d.checkout_id)}</code>
        </dd>
        <dt>Order emails go to</dt>
        <dd data-testid="order-mail">
          {typeof d.order_updates_to === 'string' ? d.order_updates_to : 'the address on your CartPilot account (none was given at checkout)'}
        </dd>
      </dl>
      <table class="receipt">
        <caption>Frozen receipt ({str(d.currency)})</caption>
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">Qty</th>
            <th scope="col">Unit price</th>
            <th scope="col">Line total</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l, i) => (
            <tr key={i}>
              <td>{str(l.title)}</td>
              <td>{str(l.quantity)}</td>
              <td>{str(l.unit_price)}</td>
              <td>{str(l.line_total)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <Row label="Subtotal" value={d.subtotal} />
          <Row label="Tax" value={d.tax} />
          <Row label="Shipping" value={d.shipping} />
          <Row label="Total" value={d.total} strong />
        </tfoot>
      </table>
      <p class="small" data-testid="headroom">
        {policy.data
          ? headroom(policy.data, num(d.total_minor_units), String(d.currency ?? ''))
          : policy.error
            ? `Spending policy unavailable: ${policy.error.message}`
            : 'Checking your spending policy…'}
      </p>
    </div>
  );
}

function Row({ label, value, strong }: { label: string; value: unknown; strong?: boolean }) {
  return (
    <tr>
      <th scope="row" colSpan={3}>
        {label}
      </th>
      <td>{strong ? <strong>{str(value)}</strong> : str(value)}</td>
    </tr>
  );
}

const fmt = (cents: number, currency: string) => `${currency} ${(cents / 100).toFixed(2)}`;

export function headroom(s: SpendingState, total: number | undefined, currency: string): string {
  const c = currency as keyof SpendingState['policy']['max_per_order'];
  const perOrder = s.policy.max_per_order[c];
  const perDay = s.policy.max_per_day[c];
  if (total === undefined || perOrder === undefined || perDay === undefined) return `Your spending policy sets no limit for ${currency}.`;
  const spent = s.today.spent[currency] ?? 0;
  const dayLeft = perDay - spent - total;
  return `Spending policy: up to ${fmt(perOrder, currency)} per order; today ${fmt(spent, currency)} of ${fmt(perDay, currency)} approved so far — this leaves ${fmt(Math.max(0, dayLeft), currency)} for today${total > perOrder || dayLeft < 0 ? ' (over the limit: it will be refused)' : ''}.`;
}
