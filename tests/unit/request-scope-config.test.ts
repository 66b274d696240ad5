import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config';
import { startRequest } from '../../shared/http/request-scope';
import type { HttpRequest, HttpResponse } from '../../shared/http/types';

// An instance whose configuration does not load answers every request 503 `misconfigured` with
// loadConfig's message (the variable's name, never its value); any other failure to build the
// runtime stays an opaque 500.

function capture() {
  const out = { status: 0, body: '' };
  const res: HttpResponse = {
    statusCode: 200,
    headersSent: false,
    setHeader: () => undefined,
    getHeader: () => undefined,
    status(code: number) {
      out.status = code;
      this.statusCode = code;
      return this;
    },
    end: (chunk?: unknown) => void (out.body = String(chunk ?? '')),
  } as HttpResponse;
  return { res, out };
}
const req: HttpRequest = { method: 'POST', headers: {} };

describe('startRequest when the runtime cannot be built', () => {
  it('answers 503 misconfigured naming the invalid variable, not its value', () => {
    const { res, out } = capture();
    const scope = startRequest(req, res, () => {
      loadConfig({ GOOGLE_CLOUD_PROJECT: 'p', UPSTREAM_TIMEOUT_MS: 'secret-looking-value' });
      throw new Error('unreachable');
    });
    expect(scope).toBeUndefined();
    const status = out.status || res.statusCode;
    expect(status).toBe(503);
    const body = JSON.parse(out.body) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('misconfigured');
    expect(body.error.message).toContain('UPSTREAM_TIMEOUT_MS');
    expect(out.body).not.toContain('secret-looking-value');
  });

  it('keeps any other failure an opaque 500', () => {
    const { res, out } = capture();
    startRequest(req, res, () => {
      throw new Error('boom with details');
    });
    expect(out.status || res.statusCode).toBe(500);
    expect(JSON.parse(out.body)).toMatchObject({ error: { code: 'internal', message: 'Internal error.' } });
  });
});
