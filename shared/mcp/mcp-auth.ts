import { accessTokensOf, type TokenScope } from '../auth/access-tokens-store';
import { looksLikeAccessToken } from '../auth/access-token';
import { bearer, type Caller } from '../auth/identity';
import type { Config } from '../config';
import { AppError, toAppError } from '../errors';
import { header, type HttpRequest, type HttpResponse } from '../http/types';
import type { Runtime } from '../runtime/runtime';
import { hostnameOf } from './host-check';

// Who calls the mcp function: a personal access token the person created for this client
// (`sfp_…`, its scope), or a Firebase ID token / dev identity as everywhere else (a signed-in
// person: may read and ask for approvals). A token is never passed on to any provider: actions
// reach providers with the stored connections of the token's owner.
//
// OAuth discovery (RFC 9728): the metadata sits at <resource>/.well-known/oauth-protected-resource
// (and, on the host, at /.well-known/oauth-protected-resource/<path>), and a 401 names it in
// WWW-Authenticate. No authorization server is listed: there is none yet (tokens come from the console).

export interface McpIdentity {
  caller: Caller;
  scope: TokenScope;
}

export const PRM_PATH = '/.well-known/oauth-protected-resource';

export async function identify(runtime: Runtime, req: HttpRequest, res: HttpResponse, resource: string): Promise<McpIdentity> {
  const authorization = header(req, 'authorization');
  try {
    const token = authorization ? bearer(authorization) : undefined;
    if (token && looksLikeAccessToken(token)) {
      const record = await accessTokensOf(runtime).verify(token);
      return { caller: { uid: record.uid, via: 'access_token' }, scope: record.scope };
    }
    return { caller: await runtime.verifyCaller(authorization), scope: 'approvals' };
  } catch (e) {
    const err = toAppError(e);
    if (err.code === 'unauthenticated') res.setHeader('WWW-Authenticate', challenge(resource, authorization !== undefined));
    throw err;
  }
}

function challenge(resource: string, tokenSent: boolean): string {
  const metadata = `resource_metadata="${metadataUrl(resource)}"`;
  return tokenSent ? `Bearer error="invalid_token", ${metadata}` : `Bearer ${metadata}`;
}

export function metadataUrl(resource: string): string {
  return `${resource}${PRM_PATH}`;
}

/** The Protected Resource Metadata document (RFC 9728 §2). */
export function resourceMetadata(config: Config, resource: string) {
  return {
    resource,
    bearer_methods_supported: ['header'],
    resource_name: 'seven-functions MCP server',
    scopes_supported: ['read', 'approvals'],
    ...(config.consoleUrl ? { resource_documentation: `${config.consoleUrl}/#/tokens` } : {}),
  };
}

/**
 * The URL clients reach this server at: <PUBLIC_BASE_URL>/mcp when configured; otherwise the local
 * host the request came to (the Host was checked already; plain http only on loopback).
 */
export function resourceUrl(config: Config, req: HttpRequest, functionName: string): string {
  if (config.publicBaseUrl) return `${config.publicBaseUrl.replace(/\/+$/, '')}/${functionName}`;
  const host = header(req, 'host');
  if (!host) throw new AppError('invalid_input', 'A Host header is required.');
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(hostnameOf(host) ?? '');
  return `${local ? 'http' : 'https'}://${host}/${functionName}`;
}
