import { AppError } from '../errors';

// One mapper from @google/genai failures to our codes. The SDK throws ApiError {status, message}
// where the message embeds Gemini's JSON error body; a 429's body carries RetryInfo.retryDelay
// ("17s"), which becomes Retry-After. 429/500/503/504 and network failures are retryable;
// 400 (our request is wrong), 401/403 (key or permission) and 404 are not. The only resource a
// generate call names is the model, so a 404 means the configured model does not exist (a typo,
// or a retired model): that is said plainly, naming the setting to fix, instead of a bare 502.
// https://ai.google.dev/gemini-api/docs/troubleshooting#error-codes

/** Which model the call asked for, and the setting that chose it. */
export interface ModelSetting {
  model: string;
  setting: string;
}

export function modelUnavailable(m: ModelSetting, cause?: unknown): AppError {
  return new AppError(
    'upstream_error',
    `The assistant's model is unavailable: Gemini has no model "${m.model}" for this API key. Set ${m.setting} to an available model (for example gemini-2.5-flash).`,
    { cause, retryable: false, details: { provider: 'gemini', status: 404, reason: 'model_not_found', setting: m.setting, model: m.model } },
  );
}

export function mapGeminiError(e: unknown, m?: ModelSetting): AppError {
  if (e instanceof AppError) return e;
  const status = statusOf(e);
  if (status === 404 && m) return modelUnavailable(m, e);
  const details = { provider: 'gemini', status };
  if (status === undefined) {
    if (isAbort(e)) return new AppError('upstream_timeout', 'The model did not answer before the deadline.', { cause: e, retryable: false, details });
    return new AppError('upstream_unavailable', 'The model could not be reached.', { cause: e, details });
  }
  if (status === 429) {
    return new AppError('rate_limited', 'The model is rate limited; try again shortly.', { cause: e, details, retryAfterSec: retryDelayOf(e) ?? 1 });
  }
  if (status === 500 || status === 502 || status === 503)
    return new AppError('upstream_unavailable', 'The model is temporarily unavailable.', { cause: e, details });
  if (status === 504) return new AppError('upstream_timeout', 'The model timed out.', { cause: e, details });
  return new AppError('upstream_error', `The model refused the request (${status}).`, { cause: e, details, retryable: false });
}

export function statusOf(e: unknown): number | undefined {
  const status = (e as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' ? status : undefined;
}

function isAbort(e: unknown): boolean {
  const name = (e as { name?: unknown } | undefined)?.name;
  return name === 'AbortError' || name === 'TimeoutError';
}

function retryDelayOf(e: unknown): number | undefined {
  const message = (e as { message?: unknown } | undefined)?.message;
  const match = typeof message === 'string' ? /"retryDelay"\s*:\s*"(\d+(?:\.\d+)?)s"/.exec(message) : null;
  return match?.[1] ? Number(match[1]) : undefined;
}
