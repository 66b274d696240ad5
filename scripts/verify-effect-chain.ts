// npm run effects:verify -- <uid> — checks that user's effect log is an unbroken hash chain
// (every entry links to the one before, its hash matches its contents, the head matches the
// last entry). Reads the same environment as the functions (GOOGLE_CLOUD_PROJECT,
// FIRESTORE_EMULATOR_HOST, ...). Prints one JSON line; exit 0 intact, 1 broken, 2 failed to run.
import { verifyChain } from '../shared/store/effects/effect-chain';
import { createRuntime } from '../shared/runtime/runtime';

async function main(uid: string | undefined): Promise<number> {
  if (!uid) {
    process.stderr.write('usage: npm run effects:verify -- <uid>\n');
    return 2;
  }
  const runtime = createRuntime();
  const db = await runtime.stores.db();
  try {
    const { entries, head } = await runtime.stores.effects.chain(uid);
    const verdict = verifyChain(entries, head);
    process.stdout.write(`${JSON.stringify({ uid, ...verdict })}\n`);
    return verdict.ok ? 0 : 1;
  } finally {
    await db.terminate();
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`effects:verify failed: ${(e as Error).message}\n`);
    process.exit(2);
  },
);
