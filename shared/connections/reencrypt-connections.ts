import type { Firestore, QueryDocumentSnapshot } from '@google-cloud/firestore';
import { z } from 'zod';
import type { Logger } from '../log';
import type { ConnectionsStore } from './connections-store';
import { isPreconditionFailure } from './refresh-lease';

// Key rotation, the bulk half: walks every users/{uid}/connections/{id} document (collection
// group query, paged) and re-encrypts tokens still under an older key version. Idempotent — a
// second run finds nothing to do — and safe beside live traffic: each rewrite is compare-and-set,
// and a refresh that wins the race has re-encrypted the document itself.

export interface ReencryptReport {
  scanned: number;
  reencrypted: number;
  unchanged: number;
  failed: number;
}

const PAGE = 200;
const Identity = z.looseObject({ provider: z.enum(['google', 'x']), account: z.string() });

export async function reencryptAllConnections(db: () => Promise<Firestore>, connections: ConnectionsStore, log: Logger): Promise<ReencryptReport> {
  const report: ReencryptReport = { scanned: 0, reencrypted: 0, unchanged: 0, failed: 0 };
  const query = (await db()).collectionGroup('connections').orderBy('__name__').limit(PAGE);
  let last: QueryDocumentSnapshot | undefined;
  for (;;) {
    const page = await (last ? query.startAfter(last) : query).get();
    for (const doc of page.docs) await reencryptOne(doc, connections, log, report);
    last = page.docs.at(-1);
    if (page.size < PAGE) return report;
  }
}

async function reencryptOne(doc: QueryDocumentSnapshot, connections: ConnectionsStore, log: Logger, report: ReencryptReport): Promise<void> {
  const userDoc = doc.ref.parent.parent;
  // Only the connections collection under users/{uid}; another "connections" elsewhere is not ours.
  if (userDoc?.parent.id !== 'users' || userDoc.parent.parent !== null) return;
  report.scanned += 1;
  const id = Identity.safeParse(doc.data());
  if (!id.success) {
    report.failed += 1;
    log.error('connection document without provider/account', { path: doc.ref.path });
    return;
  }
  for (let attempt = 1; attempt <= 2; attempt++) {
    try {
      const changed = await connections.reencryptIfStale(userDoc.id, id.data.provider, id.data.account);
      report[changed ? 'reencrypted' : 'unchanged'] += 1;
      return;
    } catch (e) {
      if (attempt === 1 && isPreconditionFailure(e)) continue; // written meanwhile: look again
      report.failed += 1;
      log.error('could not re-encrypt a connection', { path: doc.ref.path, err: e });
      return;
    }
  }
}
