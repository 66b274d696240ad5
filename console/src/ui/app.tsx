import { useEffect, useState } from 'preact/hooks';
import type { Auth, Session } from '../auth/session';
import type { ConsoleConfig } from '../config';
import { readConnectOutcome, type ConnectOutcome } from './connect-result';
import { Shell } from './shell';
import { SignIn } from './sign-in';

// Signed out → the sign-in screen; signed in → the console. Coming back from an OAuth consent
// page, the outcome in the query string is read once and removed from the address bar.

export function App({ auth, config }: { auth: Auth; config: ConsoleConfig }) {
  const [session, setSession] = useState<Session | null>();
  const [outcome, setOutcome] = useState<ConnectOutcome | undefined>(readConnectOutcome);
  useEffect(() => {
    auth.restore().then(
      (s) => setSession(s ?? null),
      () => setSession(null),
    );
    const leave = () => setOutcome(undefined);
    addEventListener('hashchange', leave);
    return () => removeEventListener('hashchange', leave);
  }, [auth]);
  if (session === undefined) return <p class="boot">Loading the console…</p>;
  if (session === null) return <SignIn auth={auth} config={config} onSignedIn={setSession} />;
  const signOut = () => void session.signOut().finally(() => setSession(null));
  return <Shell session={session} config={config} mode={auth.mode} connectOutcome={outcome} onSignOut={signOut} />;
}
