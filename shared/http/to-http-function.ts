import type { AnyAction } from '../actions/define-action';
import { toAppError } from '../errors';
import { execute } from '../actions/execute';
import { admit } from '../actions/admission';
import { executeOnce } from '../effects/run-once';
import { fingerprintOf } from '../store/idempotency';
import type { ActionContext } from '../runtime/context';
import type { Runtime } from '../runtime/runtime';
import { errorBody, sendData, sendError, sendJson } from './envelope';
import { failureHadNoEffect, idempotencyKeyOf } from './idempotency-key';
import { readJsonBody, requireMethod } from './request-limits';
import { startRequest } from './request-scope';
import { header, type HttpHandler, type HttpResponse } from './types';
import { parseInput } from './validate-input';

// An action's HTTP function: method → identity → size/type → JSON → schema → idempotency (for
// non-read effects) → run → output schema → envelope. Every check before `run` is free of side
// effects, so a bad request changes nothing and costs no upstream call.

export function toHttpFunction(action: AnyAction, getRuntime: () => Runtime): HttpHandler {
  return async (req, res) => {
    const scope = startRequest(req, res, getRuntime, action.timeoutSec);
    if (!scope) return;
    const { runtime, requestId } = scope;
    try {
      requireMethod(req, ['POST']);
      const caller = await runtime.verifyCaller(header(req, 'authorization'));
      const body = readJsonBody(req);
      const input = parseInput(action.input, body);
      const key = action.effect === 'read' ? undefined : idempotencyKeyOf(req);
      const ctx = runtime.contextFor(caller, requestId, scope.signal);
      if (key) await runIdempotent(action, ctx, key, body, input, res);
      else sendData(res, action.successStatus ?? 200, await run(action, ctx, input, ctx.ids.random()));
    } catch (e) {
      sendError(res, e, requestId, runtime.log);
    } finally {
      scope.end();
    }
  };
}

async function runIdempotent(action: AnyAction, ctx: ActionContext, key: string, body: unknown, input: unknown, res: HttpResponse): Promise<void> {
  const store = ctx.stores.idempotency;
  // The rate-limit count (and the connection read ahead) overlaps the claim instead of following
  // it; a replay has then counted too, as any request does.
  const admitted = admit(action, ctx);
  const claim = await store.claim(ctx.user.uid, action.functionName, key, fingerprintOf(body));
  if (claim.kind === 'replay') {
    res.setHeader('Idempotent-Replayed', 'true');
    sendJson(res, claim.response.status, claim.response.body);
    return;
  }
  let status: number;
  let responseBody: unknown;
  try {
    // One effect per claim: every attempt under this claim is the same write at the provider.
    const data = await run(action, ctx, input, fingerprintOf({ claim: claim.ref, at: claim.claimedAtMs }), claim.ref, admitted);
    status = action.successStatus ?? 200;
    responseBody = { data };
  } catch (e) {
    const err = toAppError(e);
    if (failureHadNoEffect(err)) {
      await store.release(claim.ref);
      throw err;
    }
    status = err.status;
    responseBody = errorBody(err, ctx.requestId);
    ctx.log.error(err.message, { code: err.code, err: err.cause ?? err, outcome: 'unknown; replayed for this key' });
  }
  await store.complete(claim.ref, { status, body: responseBody });
  sendJson(res, status, responseBody);
}

/** A write made exactly once gets its effect record (keyed by the Idempotency-Key when there is one). */
function run(action: AnyAction, ctx: ActionContext, input: unknown, effectId: string, idempotencyRef?: string, admitted?: Promise<void>): Promise<unknown> {
  return action.once ? executeOnce(action, ctx, input, { effectId, idempotencyRef, admitted }) : execute(action, ctx, input, admitted);
}
