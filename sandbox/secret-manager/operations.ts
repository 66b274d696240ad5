// Secret Manager's behaviour, independent of the wire: AccessSecretVersion, GetSecret,
// CreateSecret and AddSecretVersion over the in-memory store, with access counting and injected
// faults. Both transports of the fake (gRPC and REST/JSON) call these and only translate the
// result; errors carry google.rpc.Code numbers, as gRPC sends them and REST names them.
import { crc32c } from './crc32c';
import { isSecretName, parseVersionName, SecretStore, type StoredSecret, type StoredVersion } from './store';

/** google.rpc.Code values the fake answers with (same numbers as grpc.status). */
export const Code = {
  INVALID_ARGUMENT: 3,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  FAILED_PRECONDITION: 9,
} as const;

export class SecretManagerError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'SecretManagerError';
  }
}

export interface AccessedVersion {
  name: string;
  data: Buffer;
  crc32c: number;
}

/** "S" matches the secret id in any project; anything with a slash must match the full name. */
export function refersTo(ref: string, secretName: string): boolean {
  return ref.includes('/') ? ref === secretName : secretName.endsWith(`/secrets/${ref}`);
}

const invalidResource = () => new SecretManagerError(Code.INVALID_ARGUMENT, 'Invalid resource field value in the request.');

export class SecretManagerOperations {
  readonly store = new SecretStore();
  private readonly counts = new Map<string, number>();
  private faults: Array<{ ref: string; code: number; times: number }> = [];

  accessSecretVersion(name: string): AccessedVersion {
    const parsed = parseVersionName(name);
    if (!parsed) throw invalidResource();
    this.enter(parsed.secret, true);
    const secret = this.store.secrets.get(parsed.secret);
    const version = secret && this.store.resolve(secret, parsed.version);
    if (!secret || !version) {
      throw parsed.version === 'latest' || !secret
        ? new SecretManagerError(Code.NOT_FOUND, `Secret [${parsed.secret}] not found or has no versions.`)
        : new SecretManagerError(Code.NOT_FOUND, `Secret Version [${name}] not found.`);
    }
    if (version.state !== 'ENABLED') {
      throw new SecretManagerError(Code.FAILED_PRECONDITION, `Secret Version [${secret.name}/versions/${version.version}] is in ${version.state} state.`);
    }
    return { name: `${secret.name}/versions/${version.version}`, data: version.data, crc32c: crc32c(version.data) };
  }

  getSecret(name: string): StoredSecret {
    if (!isSecretName(name)) throw invalidResource();
    this.enter(name);
    const secret = this.store.secrets.get(name);
    if (!secret) throw new SecretManagerError(Code.NOT_FOUND, `Secret [${name}] not found.`);
    return secret;
  }

  createSecret(parent: string, secretId: string, labels: Record<string, string> = {}): StoredSecret {
    const name = `${parent}/secrets/${secretId}`;
    if (!isSecretName(name)) throw invalidResource();
    this.enter(name);
    if (this.store.secrets.has(name)) throw new SecretManagerError(Code.ALREADY_EXISTS, `Secret [${name}] already exists.`);
    return this.store.create(name, labels);
  }

  /** `sentCrc32c`: the client's checksum of `data`, when it sent one. */
  addSecretVersion(parent: string, data: Buffer, sentCrc32c?: string): { secret: StoredSecret; version: StoredVersion } {
    if (!isSecretName(parent)) throw invalidResource();
    this.enter(parent);
    const secret = this.store.secrets.get(parent);
    if (!secret) throw new SecretManagerError(Code.NOT_FOUND, `Secret [${parent}] not found.`);
    if (sentCrc32c !== undefined && sentCrc32c !== String(crc32c(data))) throw new SecretManagerError(Code.INVALID_ARGUMENT, 'Checksum mismatch.');
    return { secret, version: this.store.addVersion(secret, data) };
  }

  accessCount(ref: string): number {
    let n = 0;
    for (const [secretName, c] of this.counts) if (refersTo(ref, secretName)) n += c;
    return n;
  }

  inject(ref: string, code: number, times = 1): void {
    this.faults.push({ ref, code, times });
  }

  clearFaults(): void {
    this.faults = [];
  }

  /** Counts accesses and throws an injected error for the call, if any. */
  private enter(secretName: string, isAccess = false): void {
    if (isAccess) this.counts.set(secretName, (this.counts.get(secretName) ?? 0) + 1);
    const f = this.faults.find((x) => x.times > 0 && refersTo(x.ref, secretName));
    if (!f) return;
    f.times -= 1;
    throw new SecretManagerError(f.code, `Injected fault for ${secretName}`);
  }
}
