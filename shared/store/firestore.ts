import type { Firestore } from '@google-cloud/firestore';
import type { Config } from '../config';

// One Firestore client per instance, created on first use (never at import) and given an explicit
// project id, so the client never asks the metadata server who it is.
// preferRest: unary calls go over HTTP/1.1 REST and the gRPC stack is loaded only if a listener
// needs it, which is most of the cold-start cost of the Firestore SDK.

export async function createFirestore(config: Config): Promise<Firestore> {
  const { Firestore } = await import('@google-cloud/firestore');
  const emulator = config.firestore.emulatorHost;
  return new Firestore({
    projectId: config.projectId,
    databaseId: config.firestore.databaseId,
    preferRest: config.firestore.preferRest,
    ignoreUndefinedProperties: true,
    ...(emulator ? { host: emulator, ssl: false, customHeaders: { Authorization: 'Bearer owner' } } : {}),
  });
}
