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
    ...(emulator ? await emulatorSettings(emulator) : {}),
  });
}

// The emulator accepts "Bearer owner" as an admin credential. Over REST the client asks its
// auth client for headers (there are no insecure channel credentials to skip auth as gRPC has),
// so it gets a fixed one; otherwise it would look for Application Default Credentials.
async function emulatorSettings(host: string): Promise<Record<string, unknown>> {
  const { OAuth2Client } = await import('google-auth-library');
  const authClient = new OAuth2Client();
  authClient.setCredentials({ access_token: 'owner', expiry_date: Number.MAX_SAFE_INTEGER });
  return { host, ssl: false, authClient, universeDomain: 'googleapis.com' };
}
