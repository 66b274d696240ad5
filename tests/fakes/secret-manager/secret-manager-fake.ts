// In-process gRPC fake of google.cloud.secretmanager.v1.SecretManagerService for the real
// @google-cloud/secret-manager client. Implements AccessSecretVersion, GetSecret, CreateSecret and
// AddSecretVersion; every other RPC answers UNIMPLEMENTED (grpc-js default for missing handlers).
// Plain grpc-js, no vitest: the local dev sandbox reuses it.
import * as grpc from '@grpc/grpc-js';
import { crc32c } from './crc32c';
import { loadSecretManagerService } from './service-definition';
import { isSecretName, parseVersionName, SecretStore, type StoredSecret, type StoredVersion } from './store';

export interface SecretManagerFake {
  port: number;
  address: '127.0.0.1';
  /** Creates the secret if needed and adds `value` as its newest version; returns the version number. */
  setSecret(project: string, name: string, value: string | Buffer): number;
  /** Disables one version so "latest" falls back to an older one and direct access fails. */
  disableVersion(project: string, name: string, version: number): void;
  /** AccessSecretVersion calls that reached the fake for a secret (failed ones included):
   *  by id ("S", any project) or by "projects/P/secrets/S". */
  accessCount(name: string): number;
  /** The next `times` calls touching that secret (same naming as accessCount) fail with `code`. */
  inject(name: string, code: grpc.status, times?: number): void;
  clearFaults(): void;
  close(): Promise<void>;
}

type Unary = (call: grpc.ServerUnaryCall<any, any>, cb: grpc.sendUnaryData<any>) => void;

function fail(code: grpc.status, details: string): grpc.ServiceError {
  return Object.assign(new Error(details), { code, details, metadata: new grpc.Metadata() });
}

const timestamp = (d: Date) => ({ seconds: String(Math.floor(d.getTime() / 1000)), nanos: (d.getTime() % 1000) * 1e6 });

/** "S" matches the secret id in any project; anything with a slash must match the full name. */
function refersTo(ref: string, secretName: string): boolean {
  return ref.includes('/') ? ref === secretName : secretName.endsWith(`/secrets/${ref}`);
}

function secretMessage(s: StoredSecret) {
  return { name: s.name, createTime: timestamp(s.createTime), labels: s.labels, replication: { automatic: {} }, etag: '"1"' };
}

function versionMessage(s: StoredSecret, v: StoredVersion) {
  return { name: `${s.name}/versions/${v.version}`, createTime: timestamp(v.createTime), state: v.state, etag: '"1"' };
}

export async function startSecretManagerFake(): Promise<SecretManagerFake> {
  const store = new SecretStore();
  const counts = new Map<string, number>();
  const faults: Array<{ ref: string; code: grpc.status; times: number }> = [];

  /** Counts accesses and returns an injected error for the call, if any. */
  function enter(secretName: string, isAccess = false): grpc.ServiceError | undefined {
    if (isAccess) counts.set(secretName, (counts.get(secretName) ?? 0) + 1);
    const f = faults.find((x) => x.times > 0 && refersTo(x.ref, secretName));
    if (!f) return undefined;
    f.times -= 1;
    return fail(f.code, `Injected fault for ${secretName}`);
  }

  const accessSecretVersion: Unary = (call, cb) => {
    const name: string = call.request.name;
    const parsed = parseVersionName(name);
    if (!parsed) return cb(fail(grpc.status.INVALID_ARGUMENT, `Invalid resource field value in the request.`));
    const injected = enter(parsed.secret, true);
    if (injected) return cb(injected);
    const secret = store.secrets.get(parsed.secret);
    const version = secret && store.resolve(secret, parsed.version);
    if (!secret || !version) {
      return cb(parsed.version === 'latest' || !secret
        ? fail(grpc.status.NOT_FOUND, `Secret [${parsed.secret}] not found or has no versions.`)
        : fail(grpc.status.NOT_FOUND, `Secret Version [${name}] not found.`));
    }
    if (version.state !== 'ENABLED') {
      return cb(fail(grpc.status.FAILED_PRECONDITION, `Secret Version [${secret.name}/versions/${version.version}] is in ${version.state} state.`));
    }
    cb(null, {
      name: `${secret.name}/versions/${version.version}`,
      payload: { data: version.data, dataCrc32c: String(crc32c(version.data)) },
    });
  };

  const getSecret: Unary = (call, cb) => {
    const name: string = call.request.name;
    if (!isSecretName(name)) return cb(fail(grpc.status.INVALID_ARGUMENT, 'Invalid resource field value in the request.'));
    const injected = enter(name);
    if (injected) return cb(injected);
    const secret = store.secrets.get(name);
    if (!secret) return cb(fail(grpc.status.NOT_FOUND, `Secret [${name}] not found.`));
    cb(null, secretMessage(secret));
  };

  const createSecret: Unary = (call, cb) => {
    const name = `${call.request.parent}/secrets/${call.request.secretId}`;
    if (!isSecretName(name)) return cb(fail(grpc.status.INVALID_ARGUMENT, 'Invalid resource field value in the request.'));
    const injected = enter(name);
    if (injected) return cb(injected);
    if (store.secrets.has(name)) return cb(fail(grpc.status.ALREADY_EXISTS, `Secret [${name}] already exists.`));
    cb(null, secretMessage(store.create(name, call.request.secret?.labels ?? {})));
  };

  const addSecretVersion: Unary = (call, cb) => {
    const name: string = call.request.parent;
    if (!isSecretName(name)) return cb(fail(grpc.status.INVALID_ARGUMENT, 'Invalid resource field value in the request.'));
    const injected = enter(name);
    if (injected) return cb(injected);
    const secret = store.secrets.get(name);
    if (!secret) return cb(fail(grpc.status.NOT_FOUND, `Secret [${name}] not found.`));
    const data = Buffer.from(call.request.payload?.data ?? Buffer.alloc(0));
    const sent = call.request.payload?.dataCrc32c;
    // With oneofs:true a proto3-optional field that was not sent stays null/undefined.
    if (sent !== undefined && sent !== null && String(sent) !== String(crc32c(data))) {
      return cb(fail(grpc.status.INVALID_ARGUMENT, 'Checksum mismatch.'));
    }
    cb(null, versionMessage(secret, store.addVersion(secret, data)));
  };

  const server = new grpc.Server();
  server.addService(loadSecretManagerService(), {
    AccessSecretVersion: accessSecretVersion,
    GetSecret: getSecret,
    CreateSecret: createSecret,
    AddSecretVersion: addSecretVersion,
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );

  const secretFor = (project: string, name: string) => {
    const full = `projects/${project}/secrets/${name}`;
    return store.secrets.get(full) ?? store.create(full);
  };

  return {
    port,
    address: '127.0.0.1',
    setSecret(project, name, value) {
      const data = typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value);
      return store.addVersion(secretFor(project, name), data).version;
    },
    disableVersion(project, name, version) {
      const v = secretFor(project, name).versions[version - 1];
      if (!v) throw new Error(`Secret Manager fake: no version ${version} of ${name}`);
      v.state = 'DISABLED';
    },
    accessCount(name) {
      let n = 0;
      for (const [secretName, c] of counts) if (refersTo(name, secretName)) n += c;
      return n;
    },
    inject(name, code, times = 1) {
      faults.push({ ref: name, code, times });
    },
    clearFaults() {
      faults.length = 0;
    },
    close() {
      return new Promise<void>((resolve) => {
        // Clients keep channels open; do not wait for them to go away.
        server.forceShutdown();
        resolve();
      });
    },
  };
}
