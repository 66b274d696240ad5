import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../console/src/api/client';
import { contentSecurityPolicy } from '../../scripts/lib/console-headers';
import { PRODUCTION_CONSOLE_CONFIG, productionConsoleConfig } from '../../scripts/lib/console-site';

// Long chat turns in production: the build names the functions' own URL base
// (CONSOLE_DIRECT_API_BASE), the console's CSP lets it connect there, and the client sends chat
// and approvals — and only those — to it, everything else through Hosting's /api.

const servers: Server[] = [];
const seen: Record<string, string[]> = { hosting: [], direct: [] };

async function recorder(name: string): Promise<string> {
  const server = createServer((req, res) => {
    seen[name]?.push(`${req.method} ${req.url} ${req.headers.authorization}`);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ data: {} }));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

let hosting: string;
let direct: string;
beforeAll(async () => {
  [hosting, direct] = await Promise.all([recorder('hosting'), recorder('direct')]);
});
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

describe('the console’s direct calls', () => {
  it('sends chat and approvals to the direct base, the rest through /api', async () => {
    const api = new ApiClient(`${hosting}/api`, async () => 'id-token', direct);
    await api.call('chat', 'GET');
    await api.call('approvals', 'GET', { query: { status: 'all' } });
    await api.call('connections', 'GET');
    await api.call('spending-policy', 'GET');
    expect(seen.direct).toEqual(['GET /chat Bearer id-token', 'GET /approvals?status=all Bearer id-token']);
    expect(seen.hosting).toEqual(['GET /api/connections Bearer id-token', 'GET /api/spending-policy Bearer id-token']);
  });

  it('uses one base for everything when none is configured', async () => {
    seen.hosting = [];
    seen.direct = [];
    await new ApiClient(`${hosting}/api`, async () => 't').call('chat', 'GET');
    expect(seen).toEqual({ hosting: ['GET /api/chat Bearer t'], direct: [] });
  });

  it('builds the production config from CONSOLE_DIRECT_API_BASE, a Cloud Functions origin only', () => {
    expect(productionConsoleConfig(undefined)).toEqual(PRODUCTION_CONSOLE_CONFIG);
    expect(productionConsoleConfig('https://europe-west1-demo.cloudfunctions.net/')).toEqual({
      ...PRODUCTION_CONSOLE_CONFIG,
      direct_api_base: 'https://europe-west1-demo.cloudfunctions.net',
    });
    for (const bad of ['http://europe-west1-demo.cloudfunctions.net', 'https://chat-abc-ew.a.run.app', 'https://x.cloudfunctions.net/api', 'not a url']) {
      expect(() => productionConsoleConfig(bad), bad).toThrow(/CONSOLE_DIRECT_API_BASE/);
    }
  });

  it('lets the production console connect to Cloud Functions, and the dev console only to itself', () => {
    const connect = (auth: 'dev' | 'firebase') =>
      contentSecurityPolicy(auth)
        .match(/connect-src ([^;]+)/)?.[1]
        ?.split(' ');
    expect(connect('firebase')).toContain('https://*.cloudfunctions.net');
    expect(connect('dev')).toEqual(["'self'"]);
  });
});
