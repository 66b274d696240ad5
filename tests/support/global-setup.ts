import type { TestProject } from 'vitest/node';
import { startFirestoreEmulator, type RunningEmulator } from '../../scripts/lib/firestore-emulator';

// One official Firestore emulator for the whole run; each test file uses its own project id so
// files running in parallel never see each other's documents.
let emulator: RunningEmulator | undefined;

export async function setup(project: TestProject): Promise<void> {
  const existing = process.env.FIRESTORE_EMULATOR_HOST;
  const host = existing ?? (emulator = await startFirestoreEmulator()).host;
  project.provide('firestoreEmulatorHost', host);
}

export async function teardown(): Promise<void> {
  await emulator?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    firestoreEmulatorHost: string;
  }
}
