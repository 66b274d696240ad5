import type { GoogleGenAI } from '@google/genai';
import type { Logger } from '../log';
import { modelUnavailable, statusOf, type ModelSetting } from './gemini-errors';

// Is the configured model served? Checked once per instance, when the Gemini client is first
// opened, with models.get (one small GET, run beside the first generate call, never in front of
// it, so it adds no latency). A 404 is logged as a configuration error naming the setting, and
// from then on every call fails at once with the same clear error instead of spending a round
// trip (and the user's time) on a model that does not exist. Only a 404 is remembered: a failed
// check (network, 5xx) says nothing about the model, and the generate call will find out anyway.

const CHECK_TIMEOUT_MS = 5_000;

export class ModelCheck {
  private started = false;
  private missing = false;

  constructor(
    private readonly m: ModelSetting,
    private readonly log: Logger,
  ) {}

  /** Starts the check once; never throws and is never awaited by a caller. */
  start(ai: GoogleGenAI): void {
    if (this.started) return;
    this.started = true;
    ai.models.get({ model: this.m.model, config: { abortSignal: AbortSignal.timeout(CHECK_TIMEOUT_MS) } }).then(
      () => undefined,
      (e: unknown) => {
        if (statusOf(e) === 404) this.markMissing();
        else this.log.warn('gemini model check did not complete', { model: this.m.model, err: e });
      },
    );
  }

  markMissing(): void {
    if (this.missing) return;
    this.missing = true;
    this.log.error(`${this.m.setting} names a model Gemini does not serve; every chat will fail until it is changed`, {
      setting: this.m.setting,
      model: this.m.model,
    });
  }

  /** Throws the clear configuration error once the model is known to be missing. */
  assertServed(): void {
    if (this.missing) throw modelUnavailable(this.m);
  }
}
