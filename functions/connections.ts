import { z } from 'zod';
import { disconnect, listConnections, makeDefault } from '../shared/oauth/manage-connections';
import { oauthDeps } from '../shared/oauth/runtime-deps';
import type { Caller } from '../shared/auth/identity';
import { defineEndpoint } from '../shared/http/endpoint';
import { sendData } from '../shared/http/envelope';
import { readJsonBody } from '../shared/http/request-limits';
import { header, type HttpRequest } from '../shared/http/types';
import { parseInput } from '../shared/http/validate-input';
import type { Runtime } from '../shared/runtime/runtime';

// The caller's connected accounts. GET lists them (never tokens); PATCH {provider, account,
// default: true} makes one the default; DELETE ?provider=&account= revokes at the provider and
// deletes (see shared/auth/oauth/manage-connections.ts for why it deletes even when the revoke
// could not be confirmed).

const METHODS = ['GET', 'PATCH', 'DELETE'] as const;
const Provider = z.enum(['google', 'x']);
export const PatchBody = z.strictObject({ provider: Provider, account: z.string().min(1).max(320), default: z.literal(true) });
export const DeleteQuery = z.object({ provider: Provider, account: z.string().min(1).max(320).optional() });

export const connections = defineEndpoint({
  name: 'connections',
  description: "The caller's connected Google and X accounts: list (GET), choose the default (PATCH), disconnect with revoke (DELETE).",
  access: 'user',
  methods: METHODS,
  secrets: ['token-encryption-key', 'google-oauth-client-secret', 'x-client-secret'],
  openapi: {
    get: {
      summary: 'List connected accounts',
      responses: {
        '200': { description: '{"data":{"connections":[{provider, account, email, alias, scopes, status, is_default, connected_at, last_refresh_at}]}}' },
      },
    },
    patch: {
      summary: 'Make an account the default one',
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['provider', 'account', 'default'],
              properties: { provider: { type: 'string', enum: ['google', 'x'] }, account: { type: 'string' }, default: { const: true } },
            },
          },
        },
      },
      responses: { '200': { description: '{"data":{"connection":{...,"is_default":true}}}' } },
    },
    delete: {
      summary: 'Disconnect an account (revoke, then delete)',
      parameters: [
        { name: 'provider', in: 'query', required: true, schema: { type: 'string', enum: ['google', 'x'] } },
        {
          name: 'account',
          in: 'query',
          required: false,
          description: 'Alias, email, username or id; optional with a single account.',
          schema: { type: 'string' },
        },
      ],
      responses: { '200': { description: '{"data":{provider, account, revoked, deleted:true}}; revoked=false when the provider did not confirm.' } },
    },
  },
  handle: async (req, res, { runtime, requestId }) => {
    const caller = await runtime.verifyCaller(header(req, 'authorization'));
    sendData(res, 200, await dispatch(runtime, caller, req, requestId));
  },
});

async function dispatch(runtime: Runtime, caller: Caller, req: HttpRequest, requestId: string): Promise<unknown> {
  const deps = oauthDeps(runtime, runtime.log.child({ requestId }), requestId);
  switch (req.method.toUpperCase()) {
    case 'PATCH': {
      const body = parseInput(PatchBody, readJsonBody(req));
      return { connection: await makeDefault(deps, caller.uid, body.provider, body.account) };
    }
    case 'DELETE': {
      const q = parseInput(DeleteQuery, req.query ?? {});
      return disconnect(deps, caller.uid, q.provider, q.account);
    }
    default:
      return { connections: await listConnections(deps, caller.uid) };
  }
}
