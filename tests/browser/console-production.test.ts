import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConsole, type ConsoleBuild } from '../../scripts/lib/console-build';
import { consoleHeaders } from '../../scripts/lib/console-headers';
import { PRODUCTION_CONSOLE_CONFIG } from '../../scripts/lib/console-site';
import { checkScreen, launchChromium, openPage } from '../support/browser';

// The production flavour of the console, as Hosting serves it (its files, its headers, the
// production console-config.json and Hosting's reserved /__/firebase/init.json): the Firebase
// Auth SDK loads under the production CSP and the Google sign-in screen renders, with no request
// leaving this machine. Signing in with Google itself needs Google, so it is not exercised here.

let site: ConsoleBuild;
let server: Server;
let url: string;
let browser: Browser;

beforeAll(async () => {
  site = await buildConsole(join(import.meta.dirname, '..', '..'));
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    for (const [k, v] of Object.entries(consoleHeaders('firebase'))) res.setHeader(k, v);
    const json = (body: unknown) => (res.setHeader('Content-Type', 'application/json'), res.end(JSON.stringify(body)));
    if (path === '/console-config.json') return json(PRODUCTION_CONSOLE_CONFIG);
    if (path === '/__/firebase/init.json') return json({ apiKey: 'AIza-offline-test-key', authDomain: `127.0.0.1:${port()}`, projectId: 'demo-console' });
    const file = site.files.find((f) => f.path === (path === '/' ? '/index.html' : path));
    if (!file) return ((res.statusCode = 404), res.end());
    res.setHeader('Content-Type', file.type);
    res.end(file.contents);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${port()}`;
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

const port = () => (server.address() as AddressInfo).port;

describe('console, production flavour', () => {
  it('loads the Firebase Auth SDK under the production CSP and offers Google sign-in', async () => {
    const page = await openPage(browser);
    const loaded: string[] = [];
    page.on('requestfinished', (r) => loaded.push(new URL(r.url()).pathname));
    await page.goto(`${url}/`);
    await page.getByRole('button', { name: 'Sign in with Google' }).waitFor();
    expect(loaded.filter((p) => p.startsWith('/console/chunks/')).length).toBeGreaterThan(0);
    expect(await page.getByRole('button', { name: /^Sign in as / }).count()).toBe(0);
    await checkScreen(page, 'sign-in-production');
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
    expect(page.problems).toEqual([]);
  }, 60_000);
});
