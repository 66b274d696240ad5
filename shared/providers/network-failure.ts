// Where a request without an answer failed. A failure to resolve or connect means the request
// never reached the provider (nothing happened there); a reset, a broken pipe or a lost socket
// after connecting leave the outcome unknown. Node reports the code on the error itself, or on a
// cause (fetch: TypeError "fetch failed" → cause.code; twitter-api-v2: requestError).

const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

export function networkCodeOf(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let depth = 0; depth < 6 && cur && typeof cur === 'object'; depth += 1) {
    const o = cur as { code?: unknown; cause?: unknown; requestError?: unknown };
    if (typeof o.code === 'string' && /^[A-Z_]+$/.test(o.code)) return o.code;
    cur = o.cause ?? o.requestError;
  }
  return undefined;
}

/** True only when the request certainly never reached the provider. */
export function neverSent(e: unknown): boolean {
  const code = networkCodeOf(e);
  return code !== undefined && NEVER_SENT.has(code);
}
