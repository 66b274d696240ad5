import type { ActionContext } from '../../runtime/context';
import { mapGeminiError } from '../../gemini/gemini-errors';
import { UsageStore, usageDay } from '../../gemini/usage-store';
import type { MailCategory, SortableMessage } from './mail-sort-prompt';
import { sortWithModel } from './mail-sort-model';
import { MailSortStore } from './mail-sort-store';

// Sorts messages into categories: from the per-message cache first, then the model for the rest,
// within the user's daily bound (config mailSort.dailyLimit) and token budget. Sorting never
// fails a listing: whatever could not be sorted stays unsorted and `notice` says why.

export interface SortOutcome {
  categories: Map<string, MailCategory>;
  /** Ids left without a category. */
  unsorted: string[];
  notice?: string;
  /** Why some stayed unsorted: no model configured, the daily bound, the token budget, or a failure. */
  reason?: 'not_configured' | 'daily_limit' | 'token_budget' | 'failed';
}

export async function sortMessages(ctx: ActionContext, messages: readonly SortableMessage[]): Promise<SortOutcome> {
  const store = new MailSortStore(ctx.stores.db, () => ctx.clock.now());
  const uid = ctx.user.uid;
  const categories = await store.cached(
    uid,
    messages.map((m) => m.id),
  );
  const pending = messages.filter((m) => !categories.has(m.id));
  if (pending.length === 0) return { categories, unsorted: [] };
  const blocked = await whyNotSorting(ctx);
  if (blocked) return leftOver(categories, pending, blocked.notice, blocked.reason);
  const { dailyLimit } = ctx.config.gemini.mailSort;
  const granted = await store.reserve(uid, pending.length, dailyLimit);
  const over =
    granted < pending.length
      ? `The daily mail sorting limit (${dailyLimit} messages) is reached: ${pending.length - granted} message(s) left unsorted until tomorrow (UTC).`
      : undefined;
  if (granted === 0) return leftOver(categories, pending, over, 'daily_limit');
  try {
    const { sorted, cost, problem } = await sortWithModel(ctx, pending.slice(0, granted));
    await new UsageStore(ctx.stores.db)
      .add(uid, usageDay(ctx.clock.now()), cost.total, ctx.clock.now(), { thoughtTokens: cost.thoughts })
      .catch((e: unknown) => ctx.log.error('token usage not recorded', { err: e, tokens: cost.total }));
    if (problem) throw new Error(`mail sorting answer unusable: ${problem}`);
    await store.remember(uid, sorted);
    for (const [id, c] of sorted) categories.set(id, c);
    return leftOver(categories, pending, over, over ? 'daily_limit' : 'failed');
  } catch (e) {
    const { model, modelSetting } = ctx.config.gemini.mailSort;
    ctx.log.warn('mail sorting failed', { err: mapGeminiError(e, { model, setting: modelSetting }) });
    return over
      ? leftOver(categories, pending, over, 'daily_limit')
      : leftOver(categories, pending, 'Mail sorting is temporarily unavailable; messages are shown unsorted.', 'failed');
  }
}

async function whyNotSorting(ctx: ActionContext): Promise<{ notice: string; reason: SortOutcome['reason'] } | undefined> {
  if (!(await ctx.secrets.has('gemini-api-key')))
    return { notice: 'Mail sorting needs the assistant model, which is not configured.', reason: 'not_configured' };
  const tokens = await new UsageStore(ctx.stores.db).tokensOn(ctx.user.uid, usageDay(ctx.clock.now()));
  if (tokens >= ctx.config.gemini.dailyTokenBudget) return { notice: "Today's model budget is spent; messages are shown unsorted.", reason: 'token_budget' };
  return undefined;
}

function leftOver(
  categories: Map<string, MailCategory>,
  pending: readonly SortableMessage[],
  notice: string | undefined,
  reason: SortOutcome['reason'],
): SortOutcome {
  const unsorted = pending.filter((m) => !categories.has(m.id)).map((m) => m.id);
  if (unsorted.length === 0) return { categories, unsorted };
  return { categories, unsorted, notice: notice ?? 'The model did not sort some messages; they are shown unsorted.', reason };
}
