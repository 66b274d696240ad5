// Injected misbehaviour: answer instead of CartPilot, answer late, or — with afterHandler — let
// CartPilot do the work and then lose or replace its answer (the merchant charged, the client
// never heard back).

export interface CartPilotFault {
  match?: { method?: string; path?: string | RegExp };
  /** Status to answer with; 0 destroys the connection instead (the client sees a network error). */
  status: number;
  /** Object → JSON, string → sent as-is; default: CartPilot's error envelope for the status. */
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
  /** Matching requests the fault applies to (default 1; Infinity until clearFaults()). */
  times?: number;
  /** Process the request normally, then drop (status 0) or replace the response. */
  afterHandler?: boolean;
}

interface ActiveFault extends CartPilotFault {
  remaining: number;
}

export class FaultList {
  private faults: ActiveFault[] = [];

  add(f: CartPilotFault): void {
    this.faults.push({ ...f, remaining: f.times ?? 1 });
  }

  clear(): void {
    this.faults = [];
  }

  /** The first live fault of the given phase matching the request; consumes one use. */
  take(method: string, path: string, afterHandler: boolean): CartPilotFault | undefined {
    const f = this.faults.find((x) => x.remaining > 0 && !!x.afterHandler === afterHandler && matches(x, method, path));
    if (f) f.remaining -= 1;
    return f;
  }
}

function matches(f: CartPilotFault, method: string, path: string): boolean {
  const m = f.match;
  if (!m) return true;
  if (m.method && m.method.toUpperCase() !== method) return false;
  if (m.path === undefined) return true;
  if (typeof m.path === 'string') return m.path === path;
  m.path.lastIndex = 0; // a /g regex would otherwise remember where it stopped
  return m.path.test(path);
}

/** The default body of an injected error: what CartPilot itself sends for that status. */
export function faultBody(status: number): unknown {
  const codes: Record<number, string> = {
    400: 'BAD_REQUEST',
    401: 'UNAUTHORIZED',
    404: 'NOT_FOUND',
    409: 'CONFLICT',
    429: 'RATE_LIMITED',
    500: 'INTERNAL_ERROR',
    502: 'BAD_GATEWAY',
    503: 'SERVICE_UNAVAILABLE',
    504: 'GATEWAY_TIMEOUT',
  };
  return { error_code: codes[status] ?? `HTTP_${status}`, message: `Injected fault (${status})`, details: [], request_id: null };
}
