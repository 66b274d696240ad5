// How this console is set up, read at start from /console-config.json: the dev host writes it
// (dev sign-in, functions at the root), the build writes the production one (Google sign-in,
// functions under /api). The Firebase web config comes from Hosting's reserved
// /__/firebase/init.json unless given here.

export interface FirebaseWebConfig {
  apiKey: string;
  authDomain: string;
  projectId: string;
  appId?: string;
}

export interface ConsoleConfig {
  auth: 'dev' | 'firebase';
  /** Prefix of the functions' URLs: "" locally, "/api" behind Hosting. */
  api_base: string;
  /**
   * Where chat and approvals are called instead, on the functions' own URL (e.g.
   * "https://<region>-<project>.cloudfunctions.net"): a turn may outlast the 60 s Hosting waits.
   * Those functions answer CORS for the console's origin (shared/http/console-cors.ts).
   */
  direct_api_base?: string;
  /** Dev sign-in: the users offered (AUTH_MODE=dev, refused by the backend on Cloud Run). */
  dev_users?: string[];
  firebase?: FirebaseWebConfig;
  sandbox?: boolean;
}

export async function loadConsoleConfig(): Promise<ConsoleConfig> {
  const res = await fetch('/console-config.json', { credentials: 'omit' });
  if (!res.ok) throw new Error(`The console configuration could not be loaded (${res.status}).`);
  const config = (await res.json()) as ConsoleConfig;
  if (config.auth !== 'dev' && config.auth !== 'firebase') throw new Error('The console configuration names no sign-in method.');
  return config;
}
