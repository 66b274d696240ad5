import type { Firestore } from '@google-cloud/firestore';
import { AppError } from '../errors';
import { commercePaths } from './commerce-paths';

// users/{uid}/intents/{intentId}: which CartPilot intents a user created. CartPilot serves every
// user of this backend under one API key, so this is what keeps one user's searches (and the
// offers collected for them) out of another's reach.

export class IntentsStore {
  constructor(
    private readonly db: () => Promise<Firestore>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async record(uid: string, intentId: string, query: string): Promise<void> {
    const db = await this.db();
    await commercePaths.intent(db, uid, intentId).set({ intentId, query, createdAt: this.now().toISOString() });
  }

  /** 404 unless `uid` created the intent. */
  async requireOwned(uid: string, intentId: string, what = `intent ${intentId}`): Promise<void> {
    const db = await this.db();
    const snap = await commercePaths.intent(db, uid, intentId).get();
    if (!snap.exists) throw new AppError('not_found', `No ${what} of yours exists.`);
  }
}
