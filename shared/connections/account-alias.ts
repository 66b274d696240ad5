import { AppError } from '../errors';
import type { ConnectionInfo, ConnectionProvider, ConnectionsStore } from './connections-store';
import { StoredConnection, toInfo } from './connection-record';
import { label } from './select-account';

// An alias names one of a person's accounts ("work", "personal"). Accounts are picked by alias,
// email, username or id alike (select-account.ts), so an alias must not also name another
// account of the same provider in ANY of those ways — else "send from work" could mean two
// inboxes. It may not contain "@" so it never looks like someone's address.

export const ALIAS_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} _.-]{0,39}$/u;
export const ALIAS_RULE = '1–40 letters, digits, spaces, "_", "." or "-", starting with a letter or digit';

/** The other account (not `account`) that `alias` already names, if any. */
export function aliasClash(alias: string, account: string, all: readonly ConnectionInfo[]): ConnectionInfo | undefined {
  const a = alias.toLowerCase();
  return all.find((c) => c.account.toLowerCase() !== account.toLowerCase() && [c.alias, c.email, c.username, c.account].some((v) => v?.toLowerCase() === a));
}

/**
 * Sets (or with undefined, clears) the alias of a connected account. One transaction reads all the
 * user's accounts of that provider and writes only if the account still exists and no other one
 * is named by the alias, so two concurrent renames cannot both take the same name.
 */
export async function writeAlias(
  store: ConnectionsStore,
  uid: string,
  provider: ConnectionProvider,
  account: string,
  alias: string | undefined,
): Promise<ConnectionInfo> {
  const ref = await store.ref(uid, provider, account);
  const { FieldValue } = await import('@google-cloud/firestore');
  return store.writing(uid, provider, () =>
    ref.firestore.runTransaction(async (tx) => {
      const all = (await tx.get(ref.parent)).docs.map((d) => toInfo(StoredConnection.parse(d.data()))).filter((c) => c.provider === provider);
      const target = all.find((c) => c.account.toLowerCase() === account.toLowerCase());
      if (!target) throw new AppError('not_found', `No connected ${provider} account matches "${account}".`, { details: { provider } });
      const clash = alias === undefined ? undefined : aliasClash(alias, target.account, all);
      if (clash) {
        throw new AppError('conflict', `"${alias}" already names another ${provider} account (${label(clash)}); choose another alias.`, {
          details: { reason: 'alias_taken', provider, alias, account: label(clash) },
        });
      }
      tx.update(ref, { alias: alias ?? FieldValue.delete() });
      return { ...target, alias };
    }),
  );
}
