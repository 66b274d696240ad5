import type { GoogleGenAI } from '@google/genai';
import type { Logger } from '../log';
import { modelUnavailable, statusOf, type ModelSetting } from '../gemini/gemini-errors';

// Is the configured model served? Checked once per instance, when the Gemini client is first
// opened, with models.get (one small GET, run beside the first generate call, never in front of
// it, so it adds no latency). A 404 is logged as a configuration error naming the setting, and
// from then on every call fails at once with the same clear error instead of spending a round
// trip (and the user's time) on a model that does not exist. Only a 404 is remembered: a failed
// check (network, 5xx) says nothing about the model, and the generate call will find out anyway.
// The verdict is kept per process (per endpoint and model), not per client: the orchestrator may
// build a client per request, and the instance should still ask once.

const CHECK_TIMEOUT_MS = 5_000;
const checks = new Map<string, ModelCheck>();

export function modelCheckFor(m: ModelSetting, backend: string): ModelCheck {
  const key = `${backend}|${m.model}`;
  let check = checks.get(key);
  if (!check) checks.set(key, (check = new ModelCheck(m)));
  return check;
}

export class ModelCheck {
  private started = false;
  private missing = false;

  constructor(private readonly m: ModelSetting) {}

  /** Starts the check once; never throws and is never awaited by a caller. */
  start(ai: GoogleGenAI, log: Logger): void {
    if (this.started) return;
    this.started = true;
    ai.models.get({ model: this.m.model, config: { abortSignal: AbortSignal.timeout(CHECK_TIMEOUT_MS) } }).then(
      () => undefined,
      (e: unknown) => {
        if (statusOf(e) === 404) this.markMissing(log);
        else log.warn('gemini model check did not complete', { model: this.m.model, err: e });
      },
    );
  }

  markMissing(log: Logger): void {
    if (this.missing) return;
    this.missing = true;
    log.error(`${this.m.setting} names a model Gemini does not serve; every chat will fail until it is changed`, {
      setting: this.m.setting,
      model: this.m.model,
    });
  }

  /** Throws the clear configuration error once the model is known to be missing. */
  assertServed(): void {
    if (this.missing) throw modelUnavailable(this.m);
  }
}
