// An API failure as the console shows it: the envelope's code and message, and the request id a
// person can quote when asking for help. Network failures get the same shape (no request id).

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string | undefined,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The backend refused because the sign-in is too old (shared/commerce/fresh-identity.ts). */
  get needsFreshSignIn(): boolean {
    return this.code === 'unauthenticated' && this.details?.code === 'RECENT_LOGIN_REQUIRED';
  }
}

interface Envelope {
  error?: { code?: unknown; message?: unknown; requestId?: unknown; details?: unknown };
}

export function errorFromBody(status: number, body: unknown, headerRequestId: string | null): ApiError {
  const e = (body as Envelope | undefined)?.error;
  const code = typeof e?.code === 'string' ? e.code : `http_${status}`;
  const message = typeof e?.message === 'string' ? e.message : `The server answered ${status}.`;
  const requestId = typeof e?.requestId === 'string' ? e.requestId : (headerRequestId ?? undefined);
  const details = e?.details && typeof e.details === 'object' ? (e.details as Record<string, unknown>) : undefined;
  return new ApiError(status, code, message, requestId, details);
}

export function asApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new ApiError(0, 'network_error', `Could not reach the server: ${message}`, undefined);
}
