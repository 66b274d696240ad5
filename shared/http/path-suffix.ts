import type { HttpRequest } from './types';

// The part of the path after the function's own name, without slashes: "abc" for an approval id.
// Called on its own URL (Cloud Functions, the dev host) a function sees "/abc"; behind Firebase
// Hosting's rewrite it sees the whole public path, "/api/<name>/abc" (Hosting forwards the path
// as requested), so that prefix is dropped too.

export function pathSuffix(req: HttpRequest, functionName: string): string {
  const path = (req.path ?? new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/+|\/+$/g, '');
  const segments = path.split('/');
  const at = segments.indexOf(functionName);
  const prefixed = at >= 0 && segments.slice(0, at).every((s) => s === 'api');
  return (prefixed ? segments.slice(at + 1) : segments).join('/');
}
