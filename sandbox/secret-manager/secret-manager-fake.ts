// Loopback fake of google.cloud.secretmanager.v1.SecretManagerService for the real clients, over
// both of Secret Manager's wire formats on two ports: gRPC (what @google-cloud/secret-manager
// speaks by default) and REST/JSON (what the backend reads secrets with, see rest.ts). The same
// secrets, counters and faults back both. Implements AccessSecretVersion, GetSecret, CreateSecret
// and AddSecretVersion; every other gRPC method answers UNIMPLEMENTED (grpc-js default for
// missing handlers), every other REST path 404.
// Plain grpc-js and node:http, no vitest: the local dev sandbox reuses it.
import * as grpc from '@grpc/grpc-js';
import type { FakeServer } from '../fake-server';
import { SecretManagerError, SecretManagerOperations } from './operations';
import { startSecretManagerRest } from './rest';
import { loadSecretManagerService } from './service-definition';
import type { StoredSecret, StoredVersion } from './store';

export interface SecretManagerFake {
  /** gRPC port on 127.0.0.1. */
  port: number;
  address: '127.0.0.1';
  /** REST/JSON port on 127.0.0.1 (plain HTTP). */
  restPort: number;
  /** 'http://127.0.0.1:PORT' of the REST side. */
  restUrl: string;
  /** Creates the secret if needed and adds `value` as its newest version; returns the version number. */
  setSecret(project: string, name: string, value: string | Buffer): number;
  /** Disables one version so "latest" falls back to an older one and direct access fails. */
  disableVersion(project: string, name: string, version: number): void;
  /** AccessSecretVersion calls that reached the fake for a secret over either transport (failed
   *  ones included): by id ("S", any project) or by "projects/P/secrets/S". */
  accessCount(name: string): number;
  /** The next `times` calls touching that secret (same naming as accessCount), over either
   *  transport, fail with `code` (a google.rpc.Code / grpc.status; REST answers its HTTP mapping). */
  inject(name: string, code: grpc.status, times?: number): void;
  clearFaults(): void;
  close(): Promise<void>;
}

type Unary = (call: grpc.ServerUnaryCall<any, any>, cb: grpc.sendUnaryData<any>) => void;

const timestamp = (d: Date) => ({ seconds: String(Math.floor(d.getTime() / 1000)), nanos: (d.getTime() % 1000) * 1e6 });

function secretMessage(s: StoredSecret) {
  return { name: s.name, createTime: timestamp(s.createTime), labels: s.labels, replication: { automatic: {} }, etag: '"1"' };
}

function versionMessage(s: StoredSecret, v: StoredVersion) {
  return { name: `${s.name}/versions/${v.version}`, createTime: timestamp(v.createTime), state: v.state, etag: '"1"' };
}

/** Runs one operation and answers the gRPC call with its result or its status. */
function unary(op: (request: any) => unknown): Unary {
  return (call, cb) => {
    try {
      cb(null, op(call.request));
    } catch (e) {
      if (!(e instanceof SecretManagerError)) return cb(e as Error);
      cb(Object.assign(new Error(e.message), { code: e.code, details: e.message, metadata: new grpc.Metadata() }));
    }
  };
}

export async function startSecretManagerFake(): Promise<SecretManagerFake> {
  const ops = new SecretManagerOperations();
  const server = new grpc.Server();
  server.addService(loadSecretManagerService(), {
    AccessSecretVersion: unary((req) => {
      const v = ops.accessSecretVersion(req.name);
      return { name: v.name, payload: { data: v.data, dataCrc32c: String(v.crc32c) } };
    }),
    GetSecret: unary((req) => secretMessage(ops.getSecret(req.name))),
    CreateSecret: unary((req) => secretMessage(ops.createSecret(req.parent, req.secretId, req.secret?.labels ?? {}))),
    AddSecretVersion: unary((req) => {
      const sent = req.payload?.dataCrc32c;
      // With oneofs:true a proto3-optional field that was not sent stays null/undefined.
      const { secret, version } = ops.addSecretVersion(
        req.parent,
        Buffer.from(req.payload?.data ?? Buffer.alloc(0)),
        sent === undefined || sent === null ? undefined : String(sent),
      );
      return versionMessage(secret, version);
    }),
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  let rest: FakeServer;
  try {
    rest = await startSecretManagerRest(ops);
  } catch (e) {
    server.forceShutdown();
    throw e;
  }

  const secretFor = (project: string, name: string) => {
    const full = `projects/${project}/secrets/${name}`;
    return ops.store.secrets.get(full) ?? ops.store.create(full);
  };

  return {
    port,
    address: '127.0.0.1',
    restPort: rest.port,
    restUrl: rest.url,
    setSecret(project, name, value) {
      const data = typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value);
      return ops.store.addVersion(secretFor(project, name), data).version;
    },
    disableVersion(project, name, version) {
      const v = secretFor(project, name).versions[version - 1];
      if (!v) throw new Error(`Secret Manager fake: no version ${version} of ${name}`);
      v.state = 'DISABLED';
    },
    accessCount: (name) => ops.accessCount(name),
    inject: (name, code, times = 1) => ops.inject(name, code, times),
    clearFaults: () => ops.clearFaults(),
    async close() {
      // Clients keep gRPC channels open; do not wait for them to go away.
      server.forceShutdown();
      await rest.close();
    },
  };
}
