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
  if (blocked) return leftOver(categories, pending, blocked);
  const { dailyLimit } = ctx.config.gemini.mailSort;
  const granted = await store.reserve(uid, pending.length, dailyLimit);
  const over =
    granted < pending.length
      ? `The daily mail sorting limit (${dailyLimit} messages) is reached: ${pending.length - granted} message(s) left unsorted until tomorrow (UTC).`
      : undefined;
  if (granted === 0) return leftOver(categories, pending, over);
  try {
    const { sorted, cost } = await sortWithModel(ctx, pending.slice(0, granted));
    await new UsageStore(ctx.stores.db)
      .add(uid, usageDay(ctx.clock.now()), cost.total, ctx.clock.now(), { thoughtTokens: cost.thoughts })
      .catch((e: unknown) => ctx.log.error('token usage not recorded', { err: e, tokens: cost.total }));
    await store.remember(uid, sorted);
    for (const [id, c] of sorted) categories.set(id, c);
    return leftOver(categories, pending, over);
  } catch (e) {
    const { model, modelSetting } = ctx.config.gemini.mailSort;
    ctx.log.warn('mail sorting failed', { err: mapGeminiError(e, { model, setting: modelSetting }) });
    return leftOver(categories, pending, over ?? 'Mail sorting is temporarily unavailable; messages are shown unsorted.');
  }
}

async function whyNotSorting(ctx: ActionContext): Promise<string | undefined> {
  if (!(await ctx.secrets.has('gemini-api-key'))) return 'Mail sorting needs the assistant model, which is not configured.';
  const tokens = await new UsageStore(ctx.stores.db).tokensOn(ctx.user.uid, usageDay(ctx.clock.now()));
  if (tokens >= ctx.config.gemini.dailyTokenBudget) return "Today's model budget is spent; messages are shown unsorted.";
  return undefined;
}

function leftOver(categories: Map<string, MailCategory>, pending: readonly SortableMessage[], notice: string | undefined): SortOutcome {
  const unsorted = pending.filter((m) => !categories.has(m.id)).map((m) => m.id);
  return { categories, unsorted, notice: unsorted.length > 0 ? (notice ?? 'Some messages could not be sorted.') : undefined };
}
