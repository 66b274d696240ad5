import { actions } from '../shared/actions';
import { actionSecrets } from '../shared/actions/define-action';
import type { SecretName } from '../shared/config';
import { AppError } from '../shared/errors';
import { defineEndpoint } from '../shared/http/endpoint';
import { sendJson } from '../shared/http/envelope';
import { readJsonBody } from '../shared/http/request-limits';
import { header, type HttpRequest } from '../shared/http/types';
import { checkHostAndOrigin } from '../shared/mcp/host-check';
import { identify, PRM_PATH, resourceMetadata, resourceUrl } from '../shared/mcp/mcp-auth';
import { createMcpServer } from '../shared/mcp/mcp-server';
import { answerWith } from '../shared/mcp/mcp-transport';
import { orchestratorFor } from '../shared/orchestrator/orchestrator';

// The actions as a remote MCP server (Streamable HTTP, stateless, JSON responses):
//   POST /mcp                                         JSON-RPC: initialize, ping, tools/list, tools/call
//   GET  /mcp/.well-known/oauth-protected-resource    Protected Resource Metadata (RFC 9728)
// GET and DELETE on /mcp answer 405: there is no server-initiated stream and no session to end.
// Writes become pending approvals decided in the console; see shared/mcp/.

const NAME = 'mcp';
const SECRETS: SecretName[] = [...new Set(actions.flatMap(actionSecrets))].sort();

export const mcp = defineEndpoint({
  name: NAME,
  description: "The actions as a remote MCP server (Streamable HTTP); writes wait for the person's approval in the console.",
  access: 'user',
  methods: ['POST', 'GET', 'DELETE'],
  secrets: SECRETS,
  memoryMb: 512,
  timeoutSec: 60,
  protectedResource: true,
  openapi: {
    post: {
      summary: 'MCP JSON-RPC over Streamable HTTP (protocol 2024-11-05 to 2025-11-25)',
      requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', description: 'A JSON-RPC 2.0 message.' } } } },
      responses: {
        '200': { description: 'The JSON-RPC response (application/json).' },
        '202': { description: 'A notification or response was accepted.' },
        '401': { description: 'No or bad credentials; WWW-Authenticate names the resource metadata.' },
        '403': { description: 'Host or Origin not accepted (DNS-rebinding defence).' },
      },
    },
    get: { summary: 'Protected Resource Metadata at /mcp/.well-known/oauth-protected-resource', responses: { '200': { description: 'RFC 9728 metadata.' } } },
  },
  handle: async (req, res, scope) => {
    const { runtime, requestId } = scope;
    checkHostAndOrigin(runtime.config, req);
    const resource = resourceUrl(runtime.config, req, NAME);
    if (pathOf(req).includes(PRM_PATH)) {
      if (req.method.toUpperCase() !== 'GET') throw notAllowed(res, 'GET');
      return sendJson(res, 200, resourceMetadata(runtime.config, resource));
    }
    if (req.method.toUpperCase() !== 'POST') throw notAllowed(res, 'POST');
    const { caller, scope: tokenScope } = await identify(runtime, req, res, resource);
    const body = readJsonBody(req);
    const session = {
      runtime,
      caller,
      scope: tokenScope,
      requestId,
      signal: scope.signal,
      approvals: orchestratorFor(runtime).approvals,
      consoleBase: runtime.config.consoleUrl ?? resource.slice(0, -`/${NAME}`.length),
      resourceLinks: (header(req, 'mcp-protocol-version') ?? '') >= '2025-06-18',
    };
    await answerWith(createMcpServer(session), req, res, resource, body);
  },
});

function pathOf(req: HttpRequest): string {
  return req.path ?? new URL(req.url ?? '/', 'http://x').pathname;
}

function notAllowed(res: { setHeader(n: string, v: string): unknown }, allow: string): AppError {
  res.setHeader('Allow', allow);
  return new AppError('method_not_allowed', `Use ${allow} here.`, { details: { allow: [allow] } });
}
