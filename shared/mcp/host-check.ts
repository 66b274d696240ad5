import type { Config } from '../config';
import { AppError } from '../errors';
import { header, type HttpRequest } from '../http/types';

// DNS-rebinding defence (MCP transports, "Security Warning"): a web page whose name an attacker
// points at 127.0.0.1 must not reach a local server. The Host must be one this server answers to
// — a loopback name, PUBLIC_BASE_URL's / CONSOLE_URL's host, MCP_ALLOWED_HOSTS, or on Cloud Run
// Google's own function hosts (those names resolve only to Google's front ends, which route by
// Host, so they cannot be rebound to anything else); and a browser's Origin, when sent, must be
// one of ours. Desktop clients send no Origin.

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
const GOOGLE_FUNCTION_HOSTS = ['.run.app', '.cloudfunctions.net'];

export function checkHostAndOrigin(config: Config, req: HttpRequest): void {
  const host = hostnameOf(header(req, 'host'));
  if (!host || !hostAllowed(config, host)) throw new AppError('forbidden', 'This Host is not served here.', { details: { reason: 'host_not_allowed' } });
  const origin = header(req, 'origin');
  if (origin !== undefined && !originAllowed(config, origin, LOOPBACK.has(host))) {
    throw new AppError('forbidden', 'Requests from this Origin are not accepted.', { details: { reason: 'origin_not_allowed' } });
  }
}

function hostAllowed(config: Config, host: string): boolean {
  if (LOOPBACK.has(host) || config.mcp.allowedHosts.includes(host)) return true;
  if (ourUrls(config).some((u) => u.hostname === host)) return true;
  return config.onCloudRun && GOOGLE_FUNCTION_HOSTS.some((suffix) => host.endsWith(suffix));
}

function originAllowed(config: Config, origin: string, localHost: boolean): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // "null" (sandboxed frames, files) and garbage
  }
  if (config.mcp.allowedOrigins.includes(url.origin)) return true;
  if (ourUrls(config).some((u) => u.origin === url.origin)) return true;
  // A page on this machine calling a server on this machine.
  return localHost && LOOPBACK.has(url.hostname);
}

function ourUrls(config: Config): URL[] {
  return [config.publicBaseUrl, config.consoleUrl].flatMap((u) => (u ? [new URL(u)] : []));
}

/** "Example.com:8080" → "example.com", "[::1]:80" → "[::1]". */
export function hostnameOf(host: string | undefined): string | undefined {
  if (!host) return undefined;
  try {
    return new URL(`http://${host}`).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}
