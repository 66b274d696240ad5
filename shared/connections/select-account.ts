import type { Config } from '../config';
import { AppError } from '../errors';
import { connectUrl } from './connect-url';
import { missingScopes } from './scopes';
import type { ConnectionInfo, ConnectionProvider } from './connections-store';

// Picks the connection an action runs as. With several accounts the caller names one (alias or
// email/username); with none named, the default one; otherwise the call is refused, listing the
// accounts, rather than guessing whose inbox to read or send from.

export function selectAccount(
  config: Config,
  provider: ConnectionProvider,
  connections: ConnectionInfo[],
  required: readonly string[],
  hint?: string,
): ConnectionInfo {
  const conn = pick(config, provider, connections, required, hint);
  if (conn.status === 'reauth_required') {
    throw new AppError('reauth_required', `The ${provider} account ${conn.email ?? conn.username ?? conn.account} needs to be reconnected.`, {
      details: { provider, account: label(conn), connectUrl: connectUrl(config, provider, required, conn.alias ?? conn.account) },
    });
  }
  const missing = missingScopes(conn.scopes, required);
  if (missing.length > 0) {
    throw new AppError('not_connected', `The ${provider} account ${label(conn)} has not granted a permission this action needs.`, {
      details: { provider, account: label(conn), missingScopes: missing, connectUrl: connectUrl(config, provider, required, conn.alias ?? conn.account) },
    });
  }
  return conn;
}

function pick(config: Config, provider: ConnectionProvider, connections: ConnectionInfo[], required: readonly string[], hint?: string): ConnectionInfo {
  if (connections.length === 0) {
    throw new AppError('not_connected', `No ${provider} account is connected.`, {
      details: { provider, missingScopes: [...required], connectUrl: connectUrl(config, provider, required) },
    });
  }
  if (hint) {
    const h = hint.toLowerCase();
    const match = connections.find((c) => [c.alias, c.email, c.username, c.account].some((v) => v?.toLowerCase() === h));
    if (!match) throw new AppError('not_found', `No connected ${provider} account matches "${hint}".`, { details: { accounts: connections.map(label) } });
    return match;
  }
  if (connections.length === 1) return connections[0] as ConnectionInfo;
  const defaults = connections.filter((c) => c.isDefault);
  if (defaults.length === 1) return defaults[0] as ConnectionInfo;
  throw new AppError('invalid_input', `Several ${provider} accounts are connected; say which one with "account".`, {
    details: { accounts: connections.map(label) },
  });
}

export function label(c: ConnectionInfo): string {
  return c.alias ? `${c.alias} (${c.email ?? c.username ?? c.account})` : (c.email ?? c.username ?? c.account);
}
