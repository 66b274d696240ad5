import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ApiClient } from '../api/client';
import type { Session } from '../auth/session';
import type { ConsoleConfig } from '../config';

// What every screen needs: the typed client (already carrying the session's token), who is
// signed in, and the step-up: ask the person to sign in again before money moves.

export interface AppServices {
  api: ApiClient;
  session: Session;
  config: ConsoleConfig;
  /** Shows the "sign in again" dialog; true once the person did, false if they cancelled. */
  freshSignIn(reason: string): Promise<boolean>;
}

export const AppContext = createContext<AppServices | undefined>(undefined);

export function useApp(): AppServices {
  const services = useContext(AppContext);
  if (!services) throw new Error('useApp() outside <AppContext.Provider>');
  return services;
}
