import type { AnyAction } from '../actions/define-action';
import { weightedLength, MAX_WEIGHTED_LENGTH } from '../actions/x/tweet-length';
import type { Config } from '../config';
import { selectAccount } from '../connections/select-account';
import type { ConnectionInfo, ConnectionsStore } from '../connections/connections-store';
import type { PurchaseRequest } from './commerce-policy';
import type { Preview } from './types';

// What the person approving sees: the call as it will actually happen — the email with the
// address it will be sent from, the post with its weighted length, the event, the frozen
// receipt. Built from the validated input (defaults applied), so the preview and the execution
// read the same values. An account that cannot be resolved fails here, before anyone is asked.

export interface PreviewDeps {
  uid: string;
  config: Config;
  connections: ConnectionsStore;
}

type Args = Record<string, unknown>;

export async function previewFor(action: AnyAction, input: Args, deps: PreviewDeps): Promise<Preview> {
  switch (action.name) {
    case 'send_email': {
      const from = (await accountFor(deps, 'google', action, input)).email;
      const to = list(input.to);
      return {
        kind: 'email',
        title: `Send an email to ${to.join(', ')}: "${String(input.subject)}"`,
        details: {
          from,
          to,
          cc: list(input.cc),
          bcc: list(input.bcc),
          reply_to: input.reply_to ?? null,
          subject: input.subject,
          body: input.text,
          has_html_version: typeof input.html === 'string',
          // The HTML exactly as it will be sent; the console renders it sandboxed, remote content blocked.
          html: typeof input.html === 'string' ? input.html : null,
        },
      };
    }
    case 'post_tweet': {
      const account = await accountFor(deps, 'x', action, input);
      const text = String(input.text);
      return {
        kind: 'tweet',
        title: `Post on X as @${account.username ?? account.account}`,
        details: {
          account: `@${account.username ?? account.account}`,
          text,
          weighted_length: weightedLength(text).weightedLength,
          max_weighted_length: MAX_WEIGHTED_LENGTH,
          reply_to: input.reply_to ?? null,
        },
      };
    }
    case 'create_calendar_event': {
      const account = (await accountFor(deps, 'google', action, input)).email;
      const { summary, start, end, time_zone, location, description, attendees, send_updates, calendar_id } = input;
      return {
        kind: 'event',
        title: `Add "${String(summary)}" to your calendar`,
        details: {
          account,
          calendar_id,
          summary,
          start,
          end,
          time_zone: time_zone ?? null,
          location: location ?? null,
          description: description ?? null,
          attendees: list(attendees),
          send_updates,
        },
      };
    }
    case 'cancel_order':
      return { kind: 'cancel_order', title: `Cancel order ${String(input.order_id ?? '')}`.trim(), details: { ...input } };
    default:
      return { kind: 'generic', title: `Run ${action.name} (${action.effect})`, details: { tool: action.name, description: action.description, args: input } };
  }
}

export function purchasePreview(p: PurchaseRequest): Preview {
  const r = p.receipt;
  return {
    kind: 'purchase',
    title: `Buy ${r.items.map((i) => `${i.quantity} × ${i.title}`).join(', ')} for ${money(r.total)}`,
    details: {
      checkout_id: p.checkout_id,
      merchant_id: p.merchant_id ?? null,
      items: r.items.map((i) => ({
        title: i.title,
        quantity: i.quantity,
        unit_price: i.unit_price ? money(i.unit_price) : null,
        line_total: i.line_total ? money(i.line_total) : null,
      })),
      subtotal: r.subtotal ? money(r.subtotal) : null,
      tax: r.tax ? money(r.tax) : null,
      shipping: r.shipping ? money(r.shipping) : null,
      total: money(r.total),
      total_minor_units: r.total.amount,
      currency: r.total.currency,
      receipt_hash: r.hash,
    },
  };
}

async function accountFor(deps: PreviewDeps, provider: 'google' | 'x', action: AnyAction, input: Args): Promise<ConnectionInfo & { email?: string }> {
  const mine = (await deps.connections.list(deps.uid)).filter((c) => c.provider === provider);
  const hint = typeof input.account === 'string' ? input.account : undefined;
  return selectAccount(deps.config, provider, mine, action.scopes, hint);
}

function list(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : [];
}

/** Integer minor units → "USD 12.34" (all CartPilot currencies have two decimals). */
function money(m: { amount: number; currency: string }): string {
  return `${m.currency} ${(m.amount / 100).toFixed(2)}`;
}
