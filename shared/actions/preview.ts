import type { Config } from '../config';
import type { ConnectionInfo, ConnectionProvider, ConnectionsStore } from '../connections/connections-store';
import type { ProviderClients } from '../connections/provider-clients';
import { selectAccount } from '../connections/select-account';

// What a person sees before a call that needs their approval runs: the call as it will actually
// happen, built from the validated input (defaults applied), so the preview and the execution read
// the same values. Each action declares its own (`preview` in defineAction); an action without one
// is shown as its name and exact arguments. Surfaces (chat, the console, MCP) render this.

export type PreviewKind = 'email' | 'tweet' | 'event' | 'purchase' | 'cancel_order' | 'refund_order' | 'generic';

export interface Preview {
  kind: PreviewKind;
  /** One line a person can decide on: "Send an email to ana@example.com". */
  title: string;
  details: Record<string, unknown>;
  /**
   * The connected account the call was resolved to when the preview was built (its stable
   * account id). An approval pins it into the stored arguments when the call named none, so the
   * execution runs as the previewed account even if the default changes in between. The gate
   * takes it out: the stored and shown preview never carries it.
   */
  runsAs?: string;
}

/**
 * What a preview may read: the caller's connections, to name the account the call will use; and,
 * where the surface has them, the caller's provider clients, for what the person should know before
 * deciding (an event's conflicts). A preview works without them, saying what it could not check.
 */
export interface PreviewContext {
  uid: string;
  config: Config;
  connections: ConnectionsStore;
  clients?: ProviderClients;
  signal?: AbortSignal;
}

export function genericPreview(action: { name: string; effect: string; description: string }, input: unknown): Preview {
  return { kind: 'generic', title: `Run ${action.name} (${action.effect})`, details: { tool: action.name, description: action.description, args: input } };
}

/**
 * The account the call will run as, resolved now (an account that cannot be resolved fails here,
 * before anyone is asked). The preview names it; the approval keeps it, so the execution uses it.
 */
export async function previewAccount(
  ctx: PreviewContext,
  provider: ConnectionProvider,
  scopes: readonly string[],
  hint: string | undefined,
): Promise<ConnectionInfo & { email?: string }> {
  const mine = (await ctx.connections.list(ctx.uid)).filter((c) => c.provider === provider);
  return selectAccount(ctx.config, provider, mine, scopes, hint);
}
