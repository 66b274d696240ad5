import { z } from 'zod';
import { accessTokensOf, tokenStatus, type AccessTokenRecord } from '../shared/auth/access-tokens-store';
import { AppError } from '../shared/errors';
import { defineEndpoint } from '../shared/http/endpoint';
import { sendData } from '../shared/http/envelope';
import { readJsonBody } from '../shared/http/request-limits';
import { header, type HttpRequest } from '../shared/http/types';
import { parseInput } from '../shared/http/validate-input';
import { requireHuman } from '../shared/auth/require-human';
import { pathSuffix } from '../shared/http/path-suffix';

// Personal access tokens for MCP clients (the console's "Access tokens" page).
//   GET    /access-tokens       → the caller's tokens (never the token itself), with last use
//   POST   /access-tokens {name, scope, expires_in_days} → 201, the token shown this once
//   DELETE /access-tokens/{id}  → revoked (again: unchanged)
// Only a signed-in person manages tokens: a token cannot mint or revoke tokens.

const ID = /^[0-9a-f]{24}$/;
const DAY_MS = 24 * 60 * 60 * 1000;
const CreateBody = z.strictObject({
  name: z.string().trim().min(1).max(80).describe('What the token is for, e.g. "Claude Desktop on my laptop".'),
  scope: z.enum(['read', 'approvals']).describe('read: read tools and approval results only; approvals: also ask for writes, which wait for your approval.'),
  expires_in_days: z.number().int().min(1).max(365).default(30).describe('Days until the token stops working (1–365).'),
});

export const accessTokens = defineEndpoint({
  name: 'access-tokens',
  description: 'Personal access tokens for MCP clients: list with last use (GET), create one shown once (POST), revoke (DELETE /access-tokens/{id}).',
  access: 'user',
  methods: ['GET', 'POST', 'DELETE'],
  secrets: [],
  openapi: {
    get: {
      summary: "List the caller's access tokens",
      responses: { '200': { description: '{"data":{"tokens":[{id,name,scope,status,created_at,expires_at,last_used_at,revoked_at}]}}' } },
    },
    post: {
      summary: 'Create an access token (the response is the only time it is shown)',
      requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(CreateBody, { io: 'input' }) } } },
      responses: { '201': { description: '{"data":{"token":"sfp_…","access_token":{id,name,scope,…}}}' } },
    },
    delete: {
      summary: 'Revoke an access token: DELETE /access-tokens/{id}',
      responses: { '200': { description: '{"data":{"access_token":{…,"status":"revoked"}}}' } },
    },
  },
  handle: async (req, res, { runtime }) => {
    const caller = await runtime.verifyCaller(header(req, 'authorization'));
    requireHuman(caller);
    const store = accessTokensOf(runtime);
    const now = () => runtime.clock.now().getTime();
    const method = req.method.toUpperCase();
    const id = tokenIdOf(req);
    if (method === 'GET' && !id) return sendData(res, 200, { tokens: (await store.list(caller.uid)).map((t) => view(t, now())) });
    if (method === 'POST' && !id) {
      const body = parseInput(CreateBody, readJsonBody(req));
      const { token, record } = await store.create(caller.uid, body.name, body.scope, body.expires_in_days * DAY_MS);
      return sendData(res, 201, { token, access_token: view(record, now()) });
    }
    if (method === 'DELETE' && id) return sendData(res, 200, { access_token: view(await store.revoke(caller.uid, id), now()) });
    throw new AppError('method_not_allowed', 'GET or POST /access-tokens; DELETE /access-tokens/{id}.', {
      details: { allow: id ? ['DELETE'] : ['GET', 'POST'] },
    });
  },
});

/** "/{id}" or "/" after the function's name (also behind Hosting's /api/access-tokens/… rewrite). */
function tokenIdOf(req: HttpRequest): string | undefined {
  const path = pathSuffix(req, 'access-tokens');
  if (path === '') return undefined;
  if (!ID.test(path)) throw new AppError('not_found', 'No such access token.');
  return path;
}

function view(t: AccessTokenRecord, now: number) {
  const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());
  return {
    id: t.id,
    name: t.name,
    scope: t.scope,
    status: tokenStatus(t, now),
    created_at: iso(t.createdAtMs),
    expires_at: iso(t.expiresAtMs),
    last_used_at: iso(t.lastUsedAtMs),
    revoked_at: iso(t.revokedAtMs),
  };
}
