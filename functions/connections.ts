import { z } from 'zod';
import { disconnect, listConnections, makeDefault, setAlias } from '../shared/oauth/manage-connections';
import { ALIAS_PATTERN, ALIAS_RULE } from '../shared/connections/account-alias';
import { oauthDeps } from '../shared/oauth/runtime-deps';
import type { Caller } from '../shared/auth/identity';
import { defineEndpoint } from '../shared/http/endpoint';
import { sendData } from '../shared/http/envelope';
import { readJsonBody } from '../shared/http/request-limits';
import { header, type HttpRequest } from '../shared/http/types';
import { parseInput } from '../shared/http/validate-input';
import type { Runtime } from '../shared/runtime/runtime';

// The caller's connected accounts. GET lists them (never tokens); PATCH {provider, account,
// default: true} makes one the default, PATCH {provider, account, alias} names it (alias: null
// clears the name); DELETE ?provider=&account= revokes at the provider and
// deletes (see shared/auth/oauth/manage-connections.ts for why it deletes even when the revoke
// could not be confirmed).

const METHODS = ['GET', 'PATCH', 'DELETE'] as const;
const Provider = z.enum(['google', 'x']);
const Alias = z.string().trim().regex(ALIAS_PATTERN, `an alias is ${ALIAS_RULE}`);
// One change per request, so an answer never reports half of two changes.
export const PatchBody = z
  .strictObject({ provider: Provider, account: z.string().min(1).max(320), default: z.literal(true).optional(), alias: Alias.nullable().optional() })
  .refine((b) => (b.default === undefined) !== (b.alias === undefined), { message: 'give either "default": true or "alias" (a string, or null to clear it)' });
export const DeleteQuery = z.object({ provider: Provider, account: z.string().min(1).max(320).optional() });

export const connections = defineEndpoint({
  name: 'connections',
  description: "The caller's connected Google and X accounts: list (GET), choose the default or set an alias (PATCH), disconnect with revoke (DELETE).",
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
      summary: 'Make an account the default one, or set or clear its alias',
      description:
        'The alias may not name another account of the provider (its alias, email, username or id): 409 conflict (details.reason "alias_taken"). Unknown account: 404.',
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              oneOf: [
                patchSchema({ default: { const: true } }),
                patchSchema({ alias: { oneOf: [{ type: 'string', pattern: ALIAS_PATTERN.source, maxLength: 40 }, { type: 'null' }] } }),
              ],
            },
          },
        },
      },
      responses: { '200': { description: '{"data":{"connection":{provider, account, alias, is_default, ...}}}' } },
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
      if (body.alias !== undefined) return { connection: await setAlias(deps, caller.uid, body.provider, body.account, body.alias ?? undefined) };
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

function patchSchema(change: Record<string, unknown>) {
  const [name] = Object.keys(change);
  return {
    type: 'object',
    additionalProperties: false,
    required: ['provider', 'account', name],
    properties: { provider: { type: 'string', enum: ['google', 'x'] }, account: { type: 'string', description: 'Alias, email, username or id.' }, ...change },
  };
}
