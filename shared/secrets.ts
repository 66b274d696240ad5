import type { Config, SecretName } from './config';
import { AppError } from './errors';
import { readMountedSecret } from './secret-files';

// Secrets are read at run time, never from env vars, so a rotated value is picked up within the
// cache TTL without a redeploy: first from the file the platform mounts (a Cloud Run secret
// volume of version "latest", SECRET_FILES_DIR; no client, no network round trip on a cold
// start), else through the Secret Manager API. In dev mode, values may come from the environment
// instead; with no Secret Manager endpoint configured, dev mode never calls Google.

export interface SecretValue {
  value: string;
  /** The resolved version number ("3"), "mounted" for a mounted file, "env" for a dev-mode environment value. */
  version: string;
}

export interface SecretSource {
  get(name: SecretName, version?: string): Promise<SecretValue>;
  /** True when the secret can be read; used by integrations-status ("configured"). */
  has(name: SecretName): Promise<boolean>;
}

interface CacheEntry {
  expiresAt: number;
  value: Promise<SecretValue | undefined>;
}

type Accessor = (resourceName: string) => Promise<SecretValue | undefined>;

export class SecretManagerSource implements SecretSource {
  private readonly cache = new Map<string, CacheEntry>();
  /** A promise, so concurrent first reads share one client. */
  private accessor?: Promise<Accessor>;

  constructor(
    private readonly config: Config,
    private readonly now: () => number = Date.now,
    accessor?: Accessor,
  ) {
    if (accessor) this.accessor = Promise.resolve(accessor);
  }

  async get(name: SecretName, version = 'latest'): Promise<SecretValue> {
    const found = await this.lookup(name, version);
    if (!found) throw new AppError('misconfigured', `Secret "${name}" is not configured.`, { details: { secret: name } });
    return found;
  }

  async has(name: SecretName): Promise<boolean> {
    try {
      return (await this.lookup(name, 'latest')) !== undefined;
    } catch {
      return false;
    }
  }

  private lookup(name: SecretName, version: string): Promise<SecretValue | undefined> {
    const key = `${name}@${version}`;
    const hit = this.cache.get(key);
    if (hit && hit.expiresAt > this.now()) return hit.value;
    // The promise itself is cached, so concurrent cold requests share one Secret Manager call.
    // A pinned version that "latest" resolves (or is resolving) to is taken from that read: it is
    // what a value encrypted under the current key asks for (token-encryption-key), so reading
    // "latest" ahead of time serves both.
    const latest = version === 'latest' ? undefined : this.cache.get(`${name}@latest`);
    const value: Promise<SecretValue | undefined> =
      latest && latest.expiresAt > this.now()
        ? latest.value.then(
            (found) => (found?.version === version ? found : this.resolve(name, version)),
            () => this.resolve(name, version),
          )
        : this.resolve(name, version);
    this.cache.set(key, { expiresAt: this.now() + this.config.secretManager.cacheTtlMs, value });
    value.catch(() => this.cache.delete(key));
    return value;
  }

  private async resolve(name: SecretName, version: string): Promise<SecretValue | undefined> {
    const devValue = this.config.devSecrets[name];
    const devOnly = this.config.authMode === 'dev' && !this.config.secretManager.endpoint;
    if (devOnly) return devValue === undefined ? undefined : { value: devValue, version: 'env' };
    if (this.config.authMode === 'dev' && devValue !== undefined && version === 'env') return { value: devValue, version: 'env' };
    const mounted = version === 'latest' ? await readMountedSecret(this.config.secretManager.filesDir, name) : undefined;
    if (mounted !== undefined) return { value: mounted, version: 'mounted' };
    const fromManager = await this.access(`projects/${this.config.projectId}/secrets/${name}/versions/${version}`);
    if (fromManager) return fromManager;
    if (this.config.authMode === 'dev' && devValue !== undefined) return { value: devValue, version: 'env' };
    return undefined;
  }

  private async access(resourceName: string): Promise<SecretValue | undefined> {
    if (!this.accessor) {
      const created = secretManagerAccessor(this.config);
      created.catch(() => {
        if (this.accessor === created) this.accessor = undefined;
      });
      this.accessor = created;
    }
    return (await this.accessor)(resourceName);
  }
}

const NOT_FOUND = 5; // google.rpc.Code, also what google-gax's REST transport reports

async function secretManagerAccessor(config: Config): Promise<Accessor> {
  const client = await createSecretManagerClient(config);
  return async (resourceName) => {
    try {
      const [version] = await client.accessSecretVersion({ name: resourceName });
      const data = version.payload?.data;
      if (data === undefined || data === null) return undefined;
      const value = typeof data === 'string' ? Buffer.from(data, 'base64').toString('utf8') : Buffer.from(data).toString('utf8');
      return { value, version: version.name?.split('/').pop() ?? 'latest' };
    } catch (e) {
      if ((e as { code?: number }).code === NOT_FOUND) return undefined;
      throw new AppError('internal', 'Secret Manager is unavailable.', { cause: e });
    }
  };
}

/** The Secret Manager client the instance reads with; constructing it sends nothing. */
export async function createSecretManagerClient(config: Config): Promise<import('@google-cloud/secret-manager').SecretManagerServiceClient> {
  // Imported lazily: only functions that actually read a secret pay for the client.
  const { SecretManagerServiceClient } = await import('@google-cloud/secret-manager');
  return new SecretManagerServiceClient(await clientOptions(config));
}

type ClientOptions = NonNullable<ConstructorParameters<typeof import('@google-cloud/secret-manager').SecretManagerServiceClient>[0]>;

async function clientOptions(config: Config): Promise<ClientOptions> {
  // REST transport ('rest' fallback): no gRPC channel, no proto-loader service definitions.
  // An explicit universeDomain skips the client's one-off credential discovery for its
  // universe check (which would otherwise probe for Application Default Credentials).
  const opts: ClientOptions = { projectId: config.projectId, universeDomain: 'googleapis.com', fallback: 'rest' };
  const endpoint = config.secretManager.endpoint;
  if (!endpoint) return opts;
  // A loopback Secret Manager (tests, bench): plain HTTP and a fixed bearer token instead of
  // Application Default Credentials.
  const { OAuth2Client } = await import('google-auth-library');
  const authClient = new OAuth2Client();
  authClient.setCredentials({ access_token: 'loopback', expiry_date: Number.MAX_SAFE_INTEGER });
  const [host, port] = endpoint.split(':');
  return { ...opts, apiEndpoint: host, port: Number(port), protocol: 'http', authClient } as ClientOptions;
}
