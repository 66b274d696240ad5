import type { GoogleGenAIOptions } from '@google/genai';
import type { Firestore } from '@google-cloud/firestore';
import type { Config } from '../config';
import type { Logger } from '../log';
import type { SecretSource } from '../secrets';
import type { Caller } from '../auth/identity';
import type { ConnectionsStore } from '../connections/connections-store';
import type { IdempotencyStore } from '../store/idempotency';
import type { CacheStore } from '../store/cache';
import type { Throttle } from '../store/throttle';
import type { ProviderClients } from '../connections/provider-clients';
import type { EffectStore } from '../store/effects/effects-store';

// What an action (or any handler) may touch. Everything is passed in: nothing reaches for
// globals, so tests swap a clock or a store without module mocks.

export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  /** Random, URL-safe, unguessable. */
  random(): string;
}

export interface Stores {
  db(): Promise<Firestore>;
  connections: ConnectionsStore;
  idempotency: IdempotencyStore;
  cache: CacheStore;
  /** Per-user request limits per function class (store/throttle.ts). */
  throttle: Throttle;
  effects: EffectStore;
}

/**
 * The one effect a write belongs to (an approval, or an Idempotency-Key): its id derives the
 * provider-side ids that make a repeat idempotent (Calendar event id, Gmail Message-ID).
 */
export interface EffectHandle {
  id: string;
  /** When the effect's first attempt began: lookups for it need not look further back. */
  startedAtMs: number;
}

/** Google credentials as @google/genai takes them (its own google-auth-library's types). */
export type VertexAuthClient = NonNullable<NonNullable<GoogleGenAIOptions['googleAuthOptions']>['authClient']>;

export interface ActionContext {
  user: Caller;
  requestId: string;
  config: Config;
  clock: Clock;
  ids: IdGenerator;
  log: Logger;
  secrets: SecretSource;
  stores: Stores;
  clients: ProviderClients;
  signal: AbortSignal;
  /** The function's own Google credentials (Vertex AI); unset: Application Default Credentials. */
  googleAuth?: VertexAuthClient;
  effect?: EffectHandle;
}
