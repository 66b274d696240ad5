// Who is signed in to the console, whatever the sign-in method. Tokens live in memory only (the
// Firebase SDK keeps its session in sessionStorage: this tab, until it closes); nothing is put in
// a URL or localStorage.

export interface Session {
  uid: string;
  /** What to show: the Google account's email, or the dev user's id. */
  label: string;
  /** The Authorization bearer token for the next request. */
  token(): Promise<string>;
  /** Proves the person is at the keyboard now (Google re-sign-in; in dev, choosing the user again). */
  reauthenticate(): Promise<void>;
  signOut(): Promise<void>;
}

export interface Auth {
  mode: 'dev' | 'firebase';
  /** The session this tab already has (after the OAuth redirect back, a reload…), if any. */
  restore(): Promise<Session | undefined>;
  /** dev: the chosen user id; firebase: ignored (Google's popup chooses). */
  signIn(uid?: string): Promise<Session>;
}
