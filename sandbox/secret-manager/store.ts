// Secrets and versions as Secret Manager models them. Resource names are kept exactly as the
// caller spells them (project id or number; optional locations/L segment).

export interface StoredVersion {
  version: number;
  data: Buffer;
  createTime: Date;
  state: 'ENABLED' | 'DISABLED' | 'DESTROYED';
}

export interface StoredSecret {
  /** projects/P/secrets/S (or projects/P/locations/L/secrets/S) */
  name: string;
  createTime: Date;
  labels: Record<string, string>;
  versions: StoredVersion[];
}

const SECRET_RE = /^projects\/[^/]+(?:\/locations\/[^/]+)?\/secrets\/[A-Za-z0-9_-]{1,255}$/;
const VERSION_RE = /^(projects\/[^/]+(?:\/locations\/[^/]+)?\/secrets\/[A-Za-z0-9_-]{1,255})\/versions\/([^/]+)$/;

export function isSecretName(name: string): boolean {
  return SECRET_RE.test(name);
}

/** Splits projects/P/secrets/S/versions/V; undefined when malformed. */
export function parseVersionName(name: string): { secret: string; version: string } | undefined {
  const m = VERSION_RE.exec(name);
  if (!m?.[1] || !m[2]) return undefined;
  if (m[2] !== 'latest' && !/^[1-9][0-9]*$/.test(m[2])) return undefined;
  return { secret: m[1], version: m[2] };
}

export class SecretStore {
  readonly secrets = new Map<string, StoredSecret>();

  create(name: string, labels: Record<string, string> = {}): StoredSecret {
    const s: StoredSecret = { name, createTime: new Date(), labels, versions: [] };
    this.secrets.set(name, s);
    return s;
  }

  addVersion(secret: StoredSecret, data: Buffer): StoredVersion {
    const v: StoredVersion = { version: secret.versions.length + 1, data, createTime: new Date(), state: 'ENABLED' };
    secret.versions.push(v);
    return v;
  }

  /** "latest" is the newest ENABLED version, as in Secret Manager. */
  resolve(secret: StoredSecret, version: string): StoredVersion | undefined {
    if (version === 'latest') return [...secret.versions].reverse().find((v) => v.state === 'ENABLED');
    return secret.versions[Number(version) - 1];
  }
}
