import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { freePort } from '../../scripts/lib/firestore-emulator';
import { chat, checkScreen, launchChromium, openPage, outbox, signIn } from '../support/browser';
import { type DevHost, startDevHost, stopDevHost } from '../support/dev-host-process';
import { type HostingFront, startHostingFront } from '../support/hosting-front';

// The production layout of long calls, in a real browser: the console on one origin (a Hosting
// stand-in that forwards /api/<name>), chat and approvals called on the functions' own origin
// under CORS — the streamed turn, the approval — and everything else through /api.

vi.setConfig({ expect: { poll: { timeout: 20_000, interval: 100 } } });

let host: DevHost;
let front: HostingFront;
let browser: Browser;

beforeAll(async () => {
  const frontPort = await freePort();
  [host, browser] = await Promise.all([startDevHost(inject('firestoreEmulatorHost'), { CONSOLE_URL: `http://127.0.0.1:${frontPort}` }), launchChromium()]);
  front = await startHostingFront(frontPort, host.url, ['dev-user']);
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await front?.close();
  if (host) await stopDevHost(host);
});

describe('console on its own origin, long calls on the functions’ origin', () => {
  it('streams a turn and approves it across origins; the rest goes through /api', async () => {
    const page = await openPage(browser);
    const calls: string[] = [];
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (!u.pathname.startsWith('/console') && u.pathname !== '/' && !u.pathname.endsWith('.json'))
        calls.push(`${r.method()} ${u.origin === host.url ? 'direct' : 'front'} ${u.pathname}`);
    });
    await signIn(page, front.url, 'dev-user');
    const text = 'sent across origins';
    await chat(page, front.url, `Post a tweet saying "${text}"`);
    const card = page.locator('article.approval').last();
    await expect.poll(() => card.getByTestId('post-text').textContent()).toBe(text);
    const approvalId = await card.getAttribute('data-approval-id');
    await card.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => card.getByText('Approved and done').count(), { timeout: 15_000 }).toBe(1);
    expect((await outbox(host.url)).tweets.filter((t) => t.text === text)).toHaveLength(1);
    await checkScreen(page, 'chat-direct-approved');
    await page.goto(`${front.url}/#/connections`);
    await page.getByRole('heading', { name: /^X / }).waitFor();

    // Chromium only sends a cross-origin request with Authorization after a preflight the host
    // allowed (Playwright does not report preflights); the other functions went through /api.
    expect(calls).toEqual(expect.arrayContaining(['POST direct /chat', `POST direct /approvals/${approvalId}`, 'GET front /api/connections']));
    expect(calls.filter((c) => c.includes('front') && /\/(chat|approvals)\b/.test(c))).toEqual([]);
    expect(calls.filter((c) => c.includes('direct') && !/\/(chat|approvals)\b/.test(c))).toEqual([]);
    // A function without CORS cannot be read from the console's origin: the browser refuses.
    const blocked = await page.evaluate(async (url) => {
      try {
        await fetch(`${url}/connections`, { headers: { authorization: 'Bearer dev:dev-user' } });
        return 'read';
      } catch (e) {
        return (e as Error).name;
      }
    }, host.url);
    expect(blocked).toBe('TypeError');
    expect(page.problems).toEqual([]);
  }, 120_000);
});
