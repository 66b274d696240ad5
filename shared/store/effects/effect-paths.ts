import type { Firestore } from '@google-cloud/firestore';

// Where effects live: users/{uid}/effects/{effectId} (records, expiring), and the user's hash
// chain users/{uid}/effectLog/{seq} with its head users/{uid}/effectChain/head (kept: the
// chain is evidence, and a gap in it would read as tampering).

export const effectPaths = {
  effects: (db: Firestore, uid: string) => db.collection('users').doc(uid).collection('effects'),
  effect: (db: Firestore, uid: string, effectId: string) => db.collection('users').doc(uid).collection('effects').doc(effectId),
  entries: (db: Firestore, uid: string) => db.collection('users').doc(uid).collection('effectLog'),
  entry: (db: Firestore, uid: string, seq: number) => db.collection('users').doc(uid).collection('effectLog').doc(String(seq).padStart(12, '0')),
  head: (db: Firestore, uid: string) => db.collection('users').doc(uid).collection('effectChain').doc('head'),
};
