// npm run reencrypt — re-encrypts every stored OAuth token under the current version of the
// token-encryption-key secret, after adding a new version to Secret Manager. Reads the same
// environment as the functions (GOOGLE_CLOUD_PROJECT, FIRESTORE_EMULATOR_HOST, ...). Idempotent:
// run it again until it reports 0 failed. Old key versions may be disabled once it has.
import { createRuntime } from '../shared/runtime/runtime';
import { reencryptAllConnections } from '../shared/connections/reencrypt-connections';

async function main(): Promise<number> {
  const runtime = createRuntime();
  const db = await runtime.stores.db();
  try {
    const report = await reencryptAllConnections(runtime.stores.db, runtime.stores.connections, runtime.log);
    process.stdout.write(`${JSON.stringify({ ...report, keyVersion: await currentVersion(runtime) })}\n`);
    return report.failed > 0 ? 1 : 0;
  } finally {
    await db.terminate();
  }
}

async function currentVersion(runtime: ReturnType<typeof createRuntime>): Promise<string> {
  return (await runtime.secrets.get('token-encryption-key')).version;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`reencrypt failed: ${(e as Error).message}\n`);
    process.exit(2);
  },
);
