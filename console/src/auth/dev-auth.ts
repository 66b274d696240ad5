import type { Auth, Session } from './session';

// Local sign-in without Google, on the backend's AUTH_MODE=dev contract: the bearer token is
// "dev:<uid>" (shared/auth/identity.ts), accepted only in dev mode, which loadConfig refuses on
// Cloud Run. The Firebase Auth emulator would need firebase-tools (~340 MB), which the offline
// set-up does not have. Only the chosen uid is remembered, in this tab's sessionStorage, so the
// console survives the OAuth redirect and back.

const KEY = 'console.dev-uid';
const UID = /^[\w.@-]{1,128}$/;

export function devAuth(users: readonly string[]): Auth {
  const session = (uid: string): Session => ({
    uid,
    label: uid,
    token: async () => `dev:${uid}`,
    // A dev identity is always "recent" to the backend; the console still asks the person to pick
    // the user again, so the step-up is the same gesture it is with Google.
    reauthenticate: async () => undefined,
    signOut: async () => sessionStorage.removeItem(KEY),
  });
  return {
    mode: 'dev',
    restore: async () => {
      const uid = sessionStorage.getItem(KEY);
      return uid && UID.test(uid) && users.includes(uid) ? session(uid) : undefined;
    },
    signIn: async (uid) => {
      if (!uid || !UID.test(uid)) throw new Error('Choose a user to sign in as.');
      sessionStorage.setItem(KEY, uid);
      return session(uid);
    },
  };
}
