import { useState } from 'preact/hooks';
import type { Auth, Session } from '../auth/session';
import type { ConsoleConfig } from '../config';

// The first screen: Google sign-in in production; locally, one button per dev user.

export function SignIn({ auth, config, onSignedIn }: { auth: Auth; config: ConsoleConfig; onSignedIn(s: Session): void }) {
  const [error, setError] = useState<string>();
  const go = (uid?: string) => auth.signIn(uid).then(onSignedIn, (e: Error) => setError(e.message));
  return (
    <main class="sign-in" id="main">
      <h1>Sign in to your assistant's console</h1>
      <p>This is where you connect accounts, talk to the assistant and approve exactly what it will do.</p>
      {auth.mode === 'firebase' ? (
        <button type="button" class="primary" onClick={() => go()}>
          Sign in with Google
        </button>
      ) : (
        <section aria-labelledby="dev-users">
          <h2 id="dev-users">Local dev users</h2>
          <p class="muted">
            Local mode: the backend runs with <code>AUTH_MODE=dev</code> and accepts these test identities (it refuses them on Cloud Run).
          </p>
          <ul class="plain">
            {(config.dev_users ?? []).map((uid) => (
              <li key={uid}>
                <button type="button" class="primary" onClick={() => go(uid)}>
                  Sign in as {uid}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
    </main>
  );
}
