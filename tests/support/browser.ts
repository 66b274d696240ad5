import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import type { SandboxOutbox } from '../../scripts/lib/sandbox-outbox';

// The browser tests' tools: Debian's Chromium driven by playwright-core (Playwright's own browser
// download cannot work offline), axe-core on every screen, and a screenshot of each screen kept
// as an artifact (artifacts/browser/, git-ignored) for a person to look at.

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = join(process.cwd(), 'artifacts/browser');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Fails loudly when Chromium is missing: CI installs it (.ci/run), so a skip would hide a gap. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH).`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A new tab that records console errors and refuses any request leaving loopback; in Paris unless told. */
export async function openPage(browser: Browser, opts: { timezoneId?: string } = {}): Promise<Page & { problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, timezoneId: opts.timezoneId ?? 'Europe/Paris', locale: 'en-GB' });
  const page = (await context.newPage()) as Page & { problems: string[] };
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  await context.route(/.*/, (route) => {
    const host = new URL(route.request().url()).hostname;
    if (host === '127.0.0.1' || host === 'localhost') return route.fallback();
    page.problems.push(`blocked a request leaving loopback: ${route.request().url()}`);
    return route.abort();
  });
  return page;
}

/** axe-core on the current screen: no serious or critical violation; then a screenshot. */
export async function checkScreen(page: Page, name: string): Promise<void> {
  // Injected through the DevTools protocol: the console's CSP (rightly) refuses an inline <script>,
  // which is what page.addScriptTag({content}) would add.
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }
    ).axe;
    const result = await axe.run();
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  });
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious, `axe-core on "${name}"`).toEqual([]);
}

/** Opens the console and signs in as a dev user (the sign-in screen is checked once per call). */
export async function signIn(page: Page, baseUrl: string, uid: string, screenName?: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByRole('button', { name: `Sign in as ${uid}` }).waitFor();
  if (screenName) await checkScreen(page, screenName);
  await page.getByRole('button', { name: `Sign in as ${uid}` }).click();
  await expect.poll(() => page.getByTestId('signed-in-as').textContent()).toBe(uid);
}

/** Sends a chat message and waits for the turn to finish. */
export async function chat(page: Page, baseUrl: string, message: string): Promise<void> {
  if (!page.url().includes('#/chat')) await page.goto(`${baseUrl}/#/chat`);
  await page.getByLabel('Message').fill(message);
  await page.getByRole('button', { name: 'Send' }).click();
  await page.getByRole('button', { name: 'Send' }).waitFor({ state: 'visible' });
  await expect.poll(() => page.getByRole('button', { name: 'Send' }).isEnabled(), { timeout: 20_000 }).toBe(true);
}

/** Presses Tab until `name` has focus (the keyboard-only path), then Enter. */
export async function pressWithKeyboard(page: Page, name: string, maxTabs = 80): Promise<void> {
  for (let i = 0; i < maxTabs; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
    if (focused === name) {
      await page.keyboard.press('Enter');
      return;
    }
  }
  throw new Error(`"${name}" never received focus within ${maxTabs} Tab presses`);
}

/** What the sandbox "sent", "posted" and created (GET /sandbox/outbox on the host). */
export async function outbox(baseUrl: string): Promise<SandboxOutbox> {
  return (await fetch(`${baseUrl}/sandbox/outbox`)).json() as never;
}
