import { AppError } from '../errors';
import { CAPABILITY_SCOPES, capabilitiesFor, X_OFFLINE, X_USERS_READ } from '../connections/scopes';

// Capabilities (what oauth-start takes) → the scopes to request. Each capability maps to the
// narrowest scopes its actions need. On top of those, identity scopes are always requested: the
// callback must learn WHICH account consented (Google: openid + email; X: users.read for
// /2/users/me) and X only issues a refresh token with offline.access.

export type OAuthProvider = 'google' | 'x';

const IDENTITY_SCOPES: Record<OAuthProvider, readonly string[]> = {
  google: ['openid', 'email'],
  x: [X_USERS_READ, X_OFFLINE],
};

export function knownCapabilities(provider: OAuthProvider): string[] {
  return Object.keys(CAPABILITY_SCOPES[provider]);
}

/**
 * Scopes for a comma-separated capability list. An empty list means "what this account already
 * had" when reconnecting (`previousScopes`), else every capability of the provider.
 */
export function scopesForCapabilities(provider: OAuthProvider, csv: string | undefined, previousScopes?: readonly string[]): string[] {
  const table: Record<string, readonly string[]> = CAPABILITY_SCOPES[provider];
  const names = parseList(csv);
  const wanted = names.length > 0 ? names : defaultCapabilities(provider, previousScopes);
  const unknown = wanted.filter((n) => !(n in table));
  if (unknown.length > 0) {
    throw new AppError('invalid_input', `Unknown ${provider} capabilit${unknown.length > 1 ? 'ies' : 'y'}: ${unknown.join(', ')}.`, {
      details: { parameter: 'capabilities', unknown, known: knownCapabilities(provider) },
    });
  }
  const scopes = wanted.flatMap((n) => table[n] ?? []);
  return [...new Set([...IDENTITY_SCOPES[provider], ...scopes])];
}

function defaultCapabilities(provider: OAuthProvider, previousScopes?: readonly string[]): string[] {
  const previous = previousScopes ? capabilitiesFor(provider, previousScopes) : [];
  return previous.length > 0 ? previous : knownCapabilities(provider);
}

function parseList(csv: string | undefined): string[] {
  return [
    ...new Set(
      (csv ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}
