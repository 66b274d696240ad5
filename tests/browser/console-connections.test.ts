import { describe, expect, it } from 'vitest';
import { checkScreen, openPage, pressWithKeyboard, signIn } from '../support/browser';
import { useConsoleSession } from '../support/console-session';

// Naming a connected account in the console, with the keyboard alone: give it an alias, see a
// refused name explained beside the field, change and remove the alias — each time the server's
// stored connection is what the row shows.

const GOOGLE = 'dev-user@sandbox.example';

const s = useConsoleSession();

async function storedAliases(): Promise<Record<string, string | undefined>> {
  const res = await fetch(`${s.host.url}/connections`, { headers: { authorization: 'Bearer dev:dev-user' } });
  const { data } = (await res.json()) as { data: { connections: { provider: string; alias?: string }[] } };
  return Object.fromEntries(data.connections.map((c) => [c.provider, c.alias]));
}

describe('console: account aliases', () => {
  it('gives an account an alias, explains a refused one, changes and removes it — keyboard only', async () => {
    const page = await openPage(s.browser);
    await signIn(page, s.host.url, 'dev-user');
    await page.goto(`${s.host.url}/#/connections`);
    const google = page.locator('li.account').filter({ hasText: GOOGLE });
    await google.waitFor();

    await pressWithKeyboard(page, `Give ${GOOGLE} an alias`);
    const field = page.getByLabel(`Alias for ${GOOGLE}`);
    await expect.poll(() => field.evaluate((el) => el === document.activeElement)).toBe(true);
    // An address is refused by the server: said beside the field, which keeps the text.
    await page.keyboard.type('me@home.example');
    await page.keyboard.press('Enter');
    const refusal = google.getByRole('alert');
    await expect.poll(() => refusal.textContent()).toContain('Alias not saved');
    expect(await refusal.textContent()).toContain('invalid_input');
    expect(await field.inputValue()).toBe('me@home.example');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    await checkScreen(page, 'connections-alias-refused');
    expect((await storedAliases()).google).toBeUndefined();

    await field.fill('');
    await page.keyboard.type('Work');
    await page.keyboard.press('Enter');
    await expect.poll(() => google.locator('strong').textContent()).toBe('Work');
    expect(await google.textContent()).toContain(`(${GOOGLE})`);
    expect(await storedAliases()).toEqual({ google: 'Work', x: undefined });
    // Focus is back on the button that opened the form, now naming the alias.
    const button = google.getByRole('button', { name: 'Change alias of Work' });
    await expect.poll(() => button.evaluate((el) => el === document.activeElement)).toBe(true);
    await checkScreen(page, 'connections-alias-set');

    // Escape closes the form and changes nothing. (Typed once the reopened field has the focus:
    // keys pressed before the form renders would reach the button instead.)
    const focused = () => field.evaluate((el) => el === document.activeElement).catch(() => false);
    await page.keyboard.press('Enter');
    await expect.poll(focused).toBe(true);
    await page.keyboard.type(' team');
    await page.keyboard.press('Escape');
    await expect.poll(() => field.count()).toBe(0);
    expect(await storedAliases()).toEqual({ google: 'Work', x: undefined });

    await page.keyboard.press('Enter');
    await expect.poll(focused).toBe(true);
    await checkScreen(page, 'connections-alias-editing');
    await pressWithKeyboard(page, 'Remove alias');
    await expect.poll(() => google.locator('strong').textContent()).toBe(GOOGLE);
    expect(await storedAliases()).toEqual({ google: undefined, x: undefined });
    expect(page.problems).toEqual([]);
  }, 90_000);
});
