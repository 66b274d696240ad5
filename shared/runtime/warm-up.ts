import { loadConfig } from '../config';
import { createSecretManagerClient } from '../secrets';
import { createFirestore } from '../store/firestore';

// Build time only (scripts/lib/code-cache.ts): loads and constructs the client libraries every
// function instance needs for its first request, the way the runtime does, without sending
// anything: Firestore and the REST GAPIC client it creates on its first call, Secret Manager's
// REST client, google-auth-library. The V8 code cache the build writes right after covers their
// code, so a cold start does not compile it again. Never called while serving.
// Production settings (no emulator, no loopback endpoints): no credentials are looked up until a
// client sends something, which never happens here.

export async function warmUpClients(): Promise<void> {
  const config = loadConfig({ GOOGLE_CLOUD_PROJECT: 'code-cache-warm-up' });
  const db = await createFirestore(config);
  db.collection('warm-up').doc('doc');
  const { v1 } = await import('@google-cloud/firestore');
  new v1.FirestoreClient({ projectId: config.projectId, fallback: 'rest' } as ConstructorParameters<typeof v1.FirestoreClient>[0]);
  await createSecretManagerClient(config);
}
