import { useMemo, useState } from 'preact/hooks';
import { ApiClient } from '../api/client';
import type { Session } from '../auth/session';
import type { ConsoleConfig } from '../config';
import { Approvals } from './approvals';
import { Chat } from './chat';
import { ConnectResult, type ConnectOutcome } from './connect-result';
import { Connections } from './connections';
import { AppContext, type AppServices } from './context';
import { Digests } from './digests';
import { FreshSignInDialog, type FreshRequest } from './fresh-sign-in';
import { Orders } from './orders';
import { href, type Route, useRoute } from './router';
import { Spending } from './spending';

// The signed-in console: navigation, the screen of the current route, and the step-up dialog.

const NAV: [Route['screen'], string][] = [
  ['chat', 'Chat'],
  ['approvals', 'Approvals'],
  ['connections', 'Connections'],
  ['orders', 'Orders'],
  ['digests', 'Digests'],
  ['spending', 'Spending'],
];

interface ShellProps {
  session: Session;
  config: ConsoleConfig;
  mode: 'dev' | 'firebase';
  connectOutcome?: ConnectOutcome;
  onSignOut(): void;
}

export function Shell({ session, config, mode, connectOutcome, onSignOut }: ShellProps) {
  const route = useRoute();
  const [fresh, setFresh] = useState<FreshRequest>();
  const services = useMemo<AppServices>(
    () => ({
      api: new ApiClient(config.api_base, () => session.token(), config.direct_api_base),
      session,
      config,
      freshSignIn: (reason) =>
        new Promise<boolean>((resolve) =>
          setFresh({
            reason,
            resolve: (done) => {
              setFresh(undefined);
              resolve(done);
            },
          }),
        ),
    }),
    [session, config],
  );
  return (
    <AppContext.Provider value={services}>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <p class="brand">Assistant console{config.sandbox ? <span class="badge">sandbox</span> : null}</p>
        <nav aria-label="Console">
          <ul>
            {NAV.map(([screen, label]) => (
              <li key={screen}>
                <a href={href(screen)} aria-current={route.screen === screen ? 'page' : undefined}>
                  {label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <p class="who">
          Signed in as <strong data-testid="signed-in-as">{session.label}</strong>{' '}
          <button type="button" class="link" onClick={onSignOut}>
            Sign out
          </button>
        </p>
      </header>
      <main id="main" tabIndex={-1}>
        {connectOutcome ? <ConnectResult outcome={connectOutcome} /> : <Screen route={route} />}
      </main>
      <FreshSignInDialog request={fresh} session={session} mode={mode} />
    </AppContext.Provider>
  );
}

function Screen({ route }: { route: Route }) {
  switch (route.screen) {
    case 'approvals':
      return <Approvals id={route.id} />;
    case 'connections':
      return <Connections />;
    case 'orders':
      return <Orders />;
    case 'digests':
      return <Digests />;
    case 'spending':
      return <Spending />;
    default:
      return <Chat conversationId={route.id} />;
  }
}
