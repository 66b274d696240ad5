import { describe, expect, it } from 'vitest';
import { chat, checkScreen, openPage, outbox, signIn } from '../support/browser';
import { useConsoleSession } from '../support/console-session';

// Money in the console: the spending policy (edited after a fresh sign-in), the shopping flow to
// a frozen receipt (with where order mail goes) approved with a fresh sign-in (cancelling the sign-in buys nothing), the order
// with its history, cancelled (fresh sign-in again), the digest settings — and another user who
// sees no order.

const s = useConsoleSession();

describe('console: shopping, orders, spending policy, digests', () => {
  it('buys only after a fresh sign-in, then cancels the order', async () => {
    const page = await openPage(s.browser);
    await signIn(page, s.host.url, 'dev-user');

    await page.goto(`${s.host.url}/#/spending`);
    const perOrder = page.getByLabel('EUR per order');
    await perOrder.fill('100.00');
    await perOrder.blur();
    await page.getByRole('button', { name: 'Save spending policy' }).click();
    const dialog = page.getByRole('dialog', { name: "Confirm it's you" });
    await dialog.waitFor();
    await checkScreen(page, 'spending-fresh-sign-in');
    await dialog.getByRole('button', { name: 'Sign in again as dev-user' }).click();
    await page.getByText('Saved.').waitFor();
    await checkScreen(page, 'spending');

    await chat(page, s.host.url, 'Buy a coffee grinder, order updates to orders@ana.example');
    const card = page.locator('article.approval').last();
    await card.getByRole('heading', { name: 'Buy 1 × Manual Coffee Grinder for EUR 58.45' }).waitFor();
    const receipt = card.getByRole('table', { name: 'Frozen receipt (EUR)' });
    expect(await receipt.locator('tbody tr').allTextContents()).toEqual(['Manual Coffee Grinder1EUR 45.00EUR 45.00']);
    expect(await receipt.locator('tfoot tr').allTextContents()).toEqual(['SubtotalEUR 45.00', 'TaxEUR 8.55', 'ShippingEUR 4.90', 'TotalEUR 58.45']);
    expect(await card.locator('dl.kv').first().textContent()).toContain('Merchantmerchant-c');
    // Where order mail goes, from the stored approval (the bound contact email), not the chat text.
    expect(await card.getByTestId('order-mail').textContent()).toBe('orders@ana.example');
    await expect.poll(() => card.getByTestId('headroom').textContent()).toContain('up to EUR 100.00 per order');
    expect(await card.getByTestId('headroom').textContent()).toContain('leaves EUR 941.55 for today');
    await checkScreen(page, 'chat-purchase-card');

    // Cancelling the fresh sign-in buys nothing.
    await card.getByRole('button', { name: 'Approve purchase' }).click();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await card.getByText('Waiting for your decision').count()).toBe(1);
    expect((await outbox(s.host.url)).purchases).toBe(0);
    await card.getByRole('button', { name: 'Approve purchase' }).click();
    await dialog.getByRole('button', { name: 'Sign in again as dev-user' }).click();
    await expect.poll(() => card.getByText('Approved and done').count(), { timeout: 20_000 }).toBe(1);
    expect((await outbox(s.host.url)).purchases).toBe(1);
    await checkScreen(page, 'chat-purchase-approved');

    await page.goto(`${s.host.url}/#/orders`);
    const order = page.locator('li.card').filter({ hasText: 'Manual Coffee Grinder' });
    await order.waitFor();
    await order.getByRole('button', { name: 'Show status history' }).click();
    await order.getByRole('list', { name: 'Status history' }).waitFor();
    await checkScreen(page, 'orders');
    await order.getByLabel('Reason for cancelling').fill('ordered by mistake');
    await order.getByRole('button', { name: 'Cancel order' }).click();
    await dialog.getByRole('button', { name: 'Sign in again as dev-user' }).click();
    await expect.poll(() => order.getByRole('heading').textContent(), { timeout: 15_000 }).toContain('cancelled');
    await expect.poll(() => order.getByRole('list', { name: 'Status history' }).textContent()).toContain('→ cancelled (ordered by mistake)');
    await checkScreen(page, 'orders-cancelled');
    expect(page.problems).toEqual([]);
  }, 120_000);

  it('edits the digest settings', async () => {
    const page = await openPage(s.browser);
    await signIn(page, s.host.url, 'dev-user');
    await page.goto(`${s.host.url}/#/digests`);
    await page.getByLabel('Hour (0–23, local time)').fill('7');
    await page.getByLabel('Time zone').fill('Europe/Paris');
    await page.getByRole('button', { name: 'Save digest settings' }).click();
    await page.getByText('Saved.').waitFor();
    await checkScreen(page, 'digests');
    const saved = await (await fetch(`${s.host.url}/digest-settings`, { headers: { authorization: 'Bearer dev:dev-user' } })).json();
    expect(saved.data.settings).toMatchObject({ local_hour: 7, time_zone: 'Europe/Paris' });
  }, 60_000);

  it('another user sees no order', async () => {
    const page = await openPage(s.browser);
    await signIn(page, s.host.url, 'another-user');
    await page.goto(`${s.host.url}/#/orders`);
    await page.getByText('No orders yet.').waitFor();
    await checkScreen(page, 'orders-other-user');
  }, 60_000);
});
