import { AppError, toAppError } from '../errors';
import type { ActionContext } from '../runtime/context';
import type { AnyAction } from './define-action';
import { admit } from './admission';

// Running an action, whoever asked (an HTTP caller, the model, an MCP client, an approval): its
// run, one more run for a read that used a remembered connection the provider refused, and the
// output checked against the action's schema (a provider answering in an unexpected shape is our
// bug to log, not data to pass on).

/**
 * `admitted`: the run's admission (admission.ts) when the caller started it earlier, to overlap
 * it with its own first wait; otherwise it is started here. Every run a person causes counts
 * against their limit, whether it came over HTTP or from the model in a chat.
 */
export async function execute(action: AnyAction, ctx: ActionContext, input: unknown, admitted?: Promise<void>): Promise<unknown> {
  await (admitted ?? admit(action, ctx));
  const output = await runOnce(action, ctx, input).catch(async (e: unknown) => {
    // A read may have used a connection this instance remembered (CONNECTION_REUSE_SEC) whose
    // grant changed elsewhere since — revoked on disconnect, re-consented with other scopes —
    // so the provider refused it. One more run on what Firestore holds now; reads repeat safely.
    if (action.effect !== 'read' || !ACCOUNT_CODES.has(toAppError(e).code) || !ctx.clients.readAfreshIfReused()) throw e;
    return runOnce(action, ctx, input);
  });
  const checked = action.output.safeParse(output);
  if (!checked.success) throw new AppError('internal', `Action ${action.name} produced output that breaks its schema.`, { cause: checked.error });
  return checked.data;
}

const ACCOUNT_CODES: ReadonlySet<string> = new Set(['reauth_required', 'not_connected']);

function runOnce(action: AnyAction, ctx: ActionContext, input: unknown): Promise<unknown> {
  return Promise.resolve(action.run(input as never, ctx));
}
