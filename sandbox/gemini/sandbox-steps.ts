import type { Done, Turn } from './sandbox-turn';

// The vocabulary journeys answer in: the next step is either tool calls (with an optional line of
// text, as a model says what it is about to do) or a final reply. Plus the shared wording.

export type Step = { calls: { name: string; args: Record<string, unknown> }[]; say?: string } | { say: string };

export const call = (name: string, args: Record<string, unknown>, say?: string): Step => ({ calls: [{ name, args }], ...(say ? { say } : {}) });
export const reply = (say: string): Step => ({ say });

/** The latest call of this turn, or undefined at its start. */
export const lastDone = (turn: Turn): Done | undefined => turn.done.at(-1);

/** How a failed or declined call is reported. */
export function failure(d: Done): Step {
  if (d.error?.code === 'denied') return reply(`OK, I did not do it: you declined ${d.name}. Nothing was ${pastTense(d.name)}.`);
  return reply(`${d.name} did not work: ${d.error?.message ?? d.error?.code ?? 'unknown error'}`);
}

function pastTense(tool: string): string {
  if (tool === 'send_email') return 'sent';
  if (tool === 'post_tweet') return 'posted';
  if (tool === 'request_approval') return 'bought';
  if (tool === 'create_calendar_event') return 'added to your calendar';
  return 'changed';
}

export interface MoneyView {
  amount: number;
  currency: string;
}

/** Integer minor units → "USD 86.59". */
export const money = (m: MoneyView | null | undefined): string => (m ? `${m.currency} ${(m.amount / 100).toFixed(2)}` : '—');

export const WHERE_TO_APPROVE =
  'You approve or decline it yourself, in the console (the card here, or Approvals) or with POST /approvals/<approval_id> {"decision":"approve"} (the id is in pending_approvals). Nothing happens until you do.';
