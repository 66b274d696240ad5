import { describe, expect, it } from 'vitest';
import { chat, checkScreen, openPage, outbox, signIn } from '../support/browser';
import { useConsoleSession } from '../support/console-session';

// An email with HTML, as the approval card shows it: the account it goes from, the recipients,
// the text, and the HTML rendered in a sandboxed frame whose remote image is blocked (never
// requested) and named. Denied: nothing is sent.

const s = useConsoleSession();

const TRACKER = 'https://tracker.example.com/open.png?u=42';
const HTML = `<h1>Hi Ana</h1><p style='color:#0b57d0'>Lunch on <b>Friday</b>?</p><img src='${TRACKER}' alt='logo' width='40' height='40'><script>parent.document.title='pwned'</script>`;

describe('console: an email with HTML', () => {
  it('renders the HTML sandboxed, names the blocked image, and sends nothing when denied', async () => {
    const page = await openPage(s.browser);
    const offLoopback: string[] = [];
    page.on('request', (r) => !r.url().startsWith(s.host.url) && !r.url().startsWith('data:') && offLoopback.push(r.url()));
    await signIn(page, s.host.url, 'dev-user');
    await chat(page, s.host.url, `Send an HTML note to ana@example.com: "${HTML}"`);

    const card = page.locator('article.approval').last();
    await card.getByRole('heading', { name: /^Send an email to ana@example.com/ }).waitFor();
    const fields = await card.locator('dl.kv').first().textContent();
    expect(fields).toContain('Fromdev-user@sandbox.example');
    expect(fields).toContain('Toana@example.com');
    expect(fields).toContain('SubjectA note from your assistant');
    expect(await card.locator('pre.body').textContent()).toMatch(/^Hi Ana Lunch on Friday \?/);

    const frame = card.locator('iframe');
    expect(await frame.getAttribute('sandbox')).toBe('');
    const inside = card.frameLocator('iframe');
    await expect.poll(() => inside.locator('h1').textContent()).toBe('Hi Ana');
    expect(await inside.locator('b').textContent()).toBe('Friday');
    // The image was never loaded (CSP), and the frame's script never ran (sandbox).
    expect(await inside.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(0);
    expect(await page.title()).toBe('Assistant console');
    const blocked = card.getByRole('note', { name: 'Remote content blocked' });
    expect(await blocked.textContent()).toContain('Remote content blocked (1)');
    expect(await blocked.textContent()).toContain(`image: ${TRACKER}`);
    await checkScreen(page, 'chat-email-html');

    await card.getByRole('button', { name: 'Deny' }).click();
    await expect.poll(() => card.getByText('Denied: nothing was done').count(), { timeout: 15_000 }).toBe(1);
    await checkScreen(page, 'chat-email-denied');
    expect((await outbox(s.host.url)).mails.filter((m) => m.to.includes('ana@example.com'))).toEqual([]);
    expect(offLoopback).toEqual([]);
    expect(page.problems).toEqual([]);
  }, 90_000);
});
