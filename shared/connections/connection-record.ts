import type { Timestamp } from '@google-cloud/firestore';
import { z } from 'zod';
import { AppError } from '../errors';

// What a stored connection is: the account a user connected (ConnectionInfo), its tokens, and the
// document shape they are stored in (tokens only ever encrypted). connections-store.ts reads and
// writes it.

export type ConnectionProvider = 'google' | 'x';
export type ConnectionStatus = 'active' | 'reauth_required';

export interface ConnectionInfo {
  provider: ConnectionProvider;
  account: string; // Google: the email; X: the user id
  email?: string;
  /** Google's email_verified at consent (absent for connections saved before it was recorded). */
  emailVerified?: boolean;
  username?: string;
  alias?: string;
  isDefault: boolean;
  scopes: string[];
  status: ConnectionStatus;
  statusReason?: string;
  connectedAt: string;
  lastRefreshAt?: string;
}

export interface ConnectionTokens {
  accessToken?: string;
  refreshToken?: string;
  /** ms since epoch */
  expiryDate?: number;
}

export type Connection = ConnectionInfo & ConnectionTokens;

const Encrypted = z.object({ v: z.string(), iv: z.string(), ct: z.string(), tag: z.string(), f: z.number().int().optional() });
export const StoredConnection = z.object({
  provider: z.enum(['google', 'x']),
  account: z.string(),
  email: z.string().optional(),
  emailVerified: z.boolean().optional(),
  username: z.string().optional(),
  alias: z.string().optional(),
  isDefault: z.boolean().default(false),
  scopes: z.array(z.string()),
  status: z.enum(['active', 'reauth_required']),
  statusReason: z.string().optional(),
  connectedAt: z.string(),
  lastRefreshAt: z.string().optional(),
  accessToken: Encrypted.optional(),
  refreshToken: Encrypted.optional(),
  expiryDate: z.number().optional(),
  // Refresh single-flight (shared/store/refresh-lease.ts): ms since epoch; 0 = free.
  refreshLeaseUntil: z.number().optional(),
  refreshLeaseHolder: z.string().optional(),
  refreshFailedAt: z.number().optional(),
});
export type Stored = z.infer<typeof StoredConnection>;

/** A connection with what compare-and-set writers need: the document's update time and lease. */
export interface VersionedConnection {
  connection: Connection;
  updateTime: Timestamp;
  lease: { until: number; holder?: string; failedAt?: number };
  /** The key version each stored token is encrypted under (storedVersionTag: older AAD formats never equal a version). */
  keyVersions: Partial<Record<(typeof TOKEN_FIELDS)[number], string>>;
}

export const TOKEN_FIELDS = ['accessToken', 'refreshToken'] as const;

/** One of a user's accounts as listForUse found it; its tokens are decrypted on first ask. */
export interface UsableConnection {
  info: ConnectionInfo;
  connection(): Promise<Connection>;
}

export function connectionId(provider: ConnectionProvider, account: string): string {
  if (!account || account.includes('/') || account.length > 300) throw new AppError('invalid_input', 'Invalid account identifier.');
  return `${provider}:${account.toLowerCase()}`;
}

export function toInfo(s: Stored): ConnectionInfo {
  return {
    provider: s.provider,
    account: s.account,
    email: s.email,
    emailVerified: s.emailVerified,
    username: s.username,
    alias: s.alias,
    isDefault: s.isDefault,
    scopes: s.scopes,
    status: s.status,
    statusReason: s.statusReason,
    connectedAt: s.connectedAt,
    lastRefreshAt: s.lastRefreshAt,
  };
}
