import type { FirebaseWebConfig } from '../config';
import type { Auth, Session } from './session';

// Production sign-in: Firebase Auth with Google. The SDK is imported on demand (its own chunks,
// never loaded for dev sign-in) and keeps its session in sessionStorage — this tab only, gone when
// it closes — rather than IndexedDB. The ID token it issues is what the functions verify; its
// auth_time is what purchases check for a recent sign-in, so reauthenticate() signs in again.

export async function firebaseAuth(given?: FirebaseWebConfig): Promise<Auth> {
  const config = given ?? (await hostingConfig());
  const [{ initializeApp }, fb] = await Promise.all([import('firebase/app'), import('firebase/auth')]);
  const auth = fb.initializeAuth(initializeApp(config), {
    persistence: fb.browserSessionPersistence,
    popupRedirectResolver: fb.browserPopupRedirectResolver,
  });
  const provider = new fb.GoogleAuthProvider();
  const session = (user: import('firebase/auth').User): Session => ({
    uid: user.uid,
    label: user.email ?? user.displayName ?? user.uid,
    token: () => user.getIdToken(),
    reauthenticate: async () => {
      await fb.reauthenticateWithPopup(user, provider);
      await user.getIdToken(true);
    },
    signOut: () => fb.signOut(auth),
  });
  return {
    mode: 'firebase',
    restore: async () => {
      await auth.authStateReady();
      return auth.currentUser ? session(auth.currentUser) : undefined;
    },
    signIn: async () => session((await fb.signInWithPopup(auth, provider)).user),
  };
}

async function hostingConfig(): Promise<FirebaseWebConfig> {
  const res = await fetch('/__/firebase/init.json', { credentials: 'omit' });
  if (!res.ok) throw new Error('The Firebase configuration (/__/firebase/init.json) is not available.');
  return (await res.json()) as FirebaseWebConfig;
}
