import { describe, expect, it } from 'vitest';
import { chat, checkScreen, openPage, outbox, pressWithKeyboard, signIn } from '../support/browser';
import { useConsoleSession } from '../support/console-session';

// The console in a real browser against the host `npm start` runs: sign in, reconnect X through
// the sandbox's OAuth redirect, have the assistant draft a post, check the card shows exactly that
// post, approve it with the keyboard alone, and find it in the sandbox outbox exactly once.

const s = useConsoleSession();

describe('console: connect X, chat a post, approve it', () => {
  it('posts exactly the approved text, once', async () => {
    const page = await openPage(s.browser);
    await signIn(page, s.host.url, 'dev-user', 'sign-in');
    await checkScreen(page, 'chat-empty');

    await page.goto(`${s.host.url}/#/connections`);
    const x = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /^X / }) });
    await expect.poll(() => x.getByText('Connected', { exact: true }).count()).toBe(1);
    await checkScreen(page, 'connections');
    // Disconnect asks first; then X is "Not connected".
    await x.getByRole('button', { name: /^Disconnect / }).click();
    await checkScreen(page, 'connections-confirm-disconnect');
    await x.getByRole('button', { name: /^Yes, disconnect / }).click();
    await x.getByText('No account connected.').waitFor();
    expect(await x.getByRole('heading').textContent()).toBe('X Not connected');
    // Connect: the OAuth redirect to the sandbox's consent page and back to a result page.
    await x.getByRole('button', { name: 'Connect X' }).click();
    await page.getByRole('heading', { name: 'X is connected' }).waitFor();
    expect(page.url()).not.toMatch(/token|code=|state=/);
    await checkScreen(page, 'connect-result');
    await page.getByRole('link', { name: 'Back to connections' }).click();
    await expect.poll(() => x.getByText('Connected', { exact: true }).count()).toBe(1);

    const text = 'hello from the console ✨';
    await chat(page, s.host.url, `Post a tweet saying "${text}"`);
    const card = page.locator('article.approval').last();
    await expect.poll(() => card.getByTestId('post-text').textContent()).toBe(text);
    // twitter-text weighs the emoji as 2: 23 characters + 2.
    expect(await card.getByTestId('weighted-length').textContent()).toBe('Weighted length: 25 / 280');
    expect((await outbox(s.host.url)).tweets.filter((t) => t.text === text)).toHaveLength(0);
    await checkScreen(page, 'chat-approval-card');

    // Conversations are listed and resumable: a fresh load, the conversation picked from the
    // list, and the pending card is there again, from the stored approval.
    await page.goto(`${s.host.url}/#/approvals`);
    await page.goto(`${s.host.url}/#/chat`);
    await page.getByRole('link', { name: `Post a tweet saying "${text}"` }).click();
    await expect.poll(() => card.getByTestId('post-text').textContent()).toBe(text);
    expect(await page.locator('li.message.user').textContent()).toContain(`Post a tweet saying "${text}"`);

    await pressWithKeyboard(page, 'Approve');
    await expect.poll(() => card.getByText('Approved and done').count(), { timeout: 15_000 }).toBe(1);
    await checkScreen(page, 'chat-approved');
    expect((await outbox(s.host.url)).tweets.filter((t) => t.text === text)).toHaveLength(1);

    // No token in the URL or in localStorage; the page made no request off loopback.
    expect(page.url()).not.toContain('dev:');
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
    expect(page.problems).toEqual([]);
  }, 120_000);
});
