// The SecretManagerService definition, built from the client package's own protos.json so the
// fake and the real client agree on every message. (protos.json already bundles google/api,
// google/iam and the well-known types, so google-gax's protos dir is not needed.)
import { createRequire } from 'node:module';
import * as protoLoader from '@grpc/proto-loader';
import type * as grpc from '@grpc/grpc-js';

const require = createRequire(import.meta.url);

export const SERVICE_NAME = 'google.cloud.secretmanager.v1.SecretManagerService';

export function loadSecretManagerService(): grpc.ServiceDefinition {
  const json = require('@google-cloud/secret-manager/build/protos/protos.json');
  const pkg = protoLoader.fromJSON(json, {
    longs: String, // int64 (data_crc32c) as decimal strings, like the client sends them
    enums: String,
    defaults: true,
    oneofs: true,
  });
  const def = pkg[SERVICE_NAME];
  if (!def || !('AccessSecretVersion' in def)) throw new Error(`${SERVICE_NAME} missing from protos.json`);
  return def as grpc.ServiceDefinition;
}
