import { render } from 'preact';
import type { Auth } from './auth/session';
import { devAuth } from './auth/dev-auth';
import { type ConsoleConfig, loadConsoleConfig } from './config';
import { App } from './ui/app';

// Entry point: read the configuration, pick the sign-in method, render. The Firebase SDK is
// loaded only when the configuration asks for Google sign-in.

async function start(root: HTMLElement): Promise<void> {
  const config = await loadConsoleConfig();
  const auth = await authFor(config);
  render(<App auth={auth} config={config} />, root);
}

async function authFor(config: ConsoleConfig): Promise<Auth> {
  if (config.auth === 'dev') return devAuth(config.dev_users ?? []);
  const { firebaseAuth } = await import('./auth/firebase-auth');
  return firebaseAuth(config.firebase);
}

const root = document.getElementById('app');
if (root) {
  start(root).catch((e: Error) => {
    root.textContent = '';
    const p = document.createElement('p');
    p.className = 'error';
    p.setAttribute('role', 'alert');
    p.textContent = `The console could not start: ${e.message}`;
    root.append(p);
  });
}
