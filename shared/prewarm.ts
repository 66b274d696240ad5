import type { SecretName } from './config';
import type { Runtime } from './runtime';

// A function's bundle is loaded just before functions-framework starts listening, and its first
// request arrives right after. Reading the function's secrets at that moment lets their round trips
// (a metadata-server token, then Secret Manager, in production) run while the framework finishes
// starting and the first request is parsed, instead of after. Nothing else is touched, and a
// failure is dropped here: the first request reads the secret again and reports it properly.

export function prefetchSecrets(getRuntime: () => Runtime, secrets: readonly SecretName[]): void {
  if (secrets.length === 0) return;
  setImmediate(() => {
    let runtime: Runtime;
    try {
      runtime = getRuntime();
    } catch {
      return; // a configuration error: every request answers it with a 500 and a log line
    }
    for (const name of secrets) runtime.secrets.get(name).catch(() => undefined);
  });
}
