import { Firestore } from '@google-cloud/firestore';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { chat, checkScreen, launchChromium, openPage, outbox, signIn } from '../support/browser';
import { type DevHost, startDevHost, stopDevHost } from '../support/dev-host-process';

// Approvals as a person meets them in the console: one approval open in two tabs and approved in
// both (one effect; the second tab is told it was already used), an approval that expired while
// it was on screen, a calendar event shown in the person's own time zone with its attendees and
// invitations, and another signed-in user who sees none of it.

// A page waits on a real backend sharing two cores with the rest of the suite: poll patiently.
vi.setConfig({ expect: { poll: { timeout: 20_000, interval: 100 } } });

let host: DevHost;
let browser: Browser;
let db: Firestore;

beforeAll(async () => {
  [host, browser] = await Promise.all([startDevHost(inject('firestoreEmulatorHost')), launchChromium()]);
  db = new Firestore({ projectId: host.projectId, host: inject('firestoreEmulatorHost'), ssl: false, preferRest: false });
}, 90_000);
afterAll(async () => {
  await db?.terminate();
  await browser?.close();
  if (host) await stopDevHost(host);
});

/** Chats a post into a pending approval; returns its id. */
async function draftPost(page: Page, text: string): Promise<string> {
  await chat(page, host.url, `Post a tweet saying "${text}"`);
  const card = page.locator('article.approval').last();
  await expect.poll(() => card.getByTestId('post-text').textContent()).toBe(text);
  return (await card.getAttribute('data-approval-id')) as string;
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** "Saturday", "7 March" of a calendar date (YYYY-MM-DD), by plain date arithmetic. */
function dayParts(isoDate: string, plusDays: number): [string, string] {
  const d = new Date(Date.parse(`${isoDate}T00:00:00Z`) + plusDays * 86_400_000);
  return [WEEKDAYS[d.getUTCDay()] as string, `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`];
}

const tweetsSaying = async (text: string) => (await outbox(host.url)).tweets.filter((t) => t.text === text).length;

describe('console approvals', () => {
  let approvalId: string;

  it('approved in two tabs: one post, and the second tab is told it was already used', async () => {
    const [a, b] = await Promise.all([openPage(browser), openPage(browser)]);
    await signIn(a, host.url, 'dev-user');
    await signIn(b, host.url, 'dev-user');
    approvalId = await draftPost(a, 'approved in two tabs');
    for (const tab of [a, b]) {
      await tab.goto(`${host.url}/#/approvals/${approvalId}`);
      await tab.getByRole('button', { name: 'Approve' }).waitFor();
    }
    await checkScreen(b, 'approval-single');
    await a.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => a.getByText('Approved and done').count(), { timeout: 15_000 }).toBe(1);
    await b.getByRole('button', { name: 'Approve' }).click();
    const alert = b.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('already decided (executed); an approval is used once');
    expect(await alert.textContent()).toMatch(/request id [\w-]{8,}/);
    expect(await b.getByText('Approved and done').count()).toBe(1);
    expect(await b.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    await checkScreen(b, 'approval-already-used');
    expect(await tweetsSaying('approved in two tabs')).toBe(1);
  }, 90_000);

  it('an approval that expired on screen says so and does nothing', async () => {
    const page = await openPage(browser);
    await signIn(page, host.url, 'dev-user');
    const id = await draftPost(page, 'approved too late');
    await db.doc(`users/dev-user/toolApprovals/${id}`).update({ expiresAt: new Date(Date.now() - 1000) });
    await page.locator(`article[data-approval-id="${id}"]`).getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('This approval expired; ask the assistant again.');
    expect(await page.locator(`article[data-approval-id="${id}"]`).getByText('Expired: ask the assistant again').count()).toBe(1);
    await checkScreen(page, 'approval-expired');
    expect(await tweetsSaying('approved too late')).toBe(0);

    await page.goto(`${host.url}/#/approvals`);
    await page.getByRole('heading', { name: 'Decided' }).waitFor();
    expect(await page.locator(`article[data-approval-id="${id}"]`).getByText('Expired: ask the assistant again').count()).toBe(1);
    expect(await page.locator(`article[data-approval-id="${approvalId}"]`).getByText('Approved and done').count()).toBe(1);
    await checkScreen(page, 'approvals-list');
  }, 90_000);

  it('an event: times in the person’s zone, attendees, invitations; approved, it is in the calendar once', async () => {
    // The sandbox calendar is in São Paulo (UTC−3); this person is in Tokyo (UTC+9, no DST).
    const page = await openPage(browser, { timezoneId: 'Asia/Tokyo' });
    await signIn(page, host.url, 'dev-user');
    const tomorrowInSaoPaulo = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo' }).format(Date.now() + 86_400_000);
    await chat(page, host.url, 'Schedule a design review with bo@example.com tomorrow at 3pm and invite them');
    const card = page.locator('article.approval').last();
    await card.getByRole('heading', { name: /^Add "Design review" to your calendar/ }).waitFor();
    const field = (name: string) => card.locator(`dt:text-is("${name}") + dd`).textContent();
    // 15:00 in São Paulo is 03:00 the next day in Tokyo, and 16:00 is 04:00.
    const [weekday, date] = dayParts(tomorrowInSaoPaulo, 1);
    for (const [name, time] of [
      ['Starts', '03:00'],
      ['Ends', '04:00'],
    ]) {
      const text = await field(name as string);
      for (const part of [weekday, date, time, '(Asia/Tokyo)']) expect(text, `${name}: ${text}`).toContain(part);
    }
    expect(await field('Event time zone')).toBe('America/Sao_Paulo');
    expect(await field('What')).toBe('Design review');
    expect(await field('Attendees')).toBe('bo@example.com');
    expect(await field('Invitations')).toBe('Google emails an invitation to 1 attendee(s).');
    await checkScreen(page, 'chat-event-card');
    expect((await outbox(host.url)).events.filter((e) => e.summary === 'Design review')).toEqual([]);

    await card.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => card.getByText('Approved and done').count(), { timeout: 15_000 }).toBe(1);
    const created = (await outbox(host.url)).events.filter((e) => e.summary === 'Design review');
    expect(created).toHaveLength(1);
    expect(Date.parse(created[0]?.start ?? '')).toBe(Date.parse(`${tomorrowInSaoPaulo}T15:00:00-03:00`));
    expect(Date.parse(created[0]?.end ?? '')).toBe(Date.parse(`${tomorrowInSaoPaulo}T16:00:00-03:00`));
    expect(created[0]).toMatchObject({ attendees: ['bo@example.com'], sendUpdates: 'all' });
    await checkScreen(page, 'chat-event-approved');
    expect(page.problems).toEqual([]);
  }, 90_000);

  it('another signed-in user sees none of it', async () => {
    const page = await openPage(browser);
    await signIn(page, host.url, 'another-user');
    await page.goto(`${host.url}/#/approvals`);
    await page.getByText('Nothing waits for your decision.').waitFor();
    expect(await page.locator('article.approval').count()).toBe(0);
    await checkScreen(page, 'approvals-other-user');
    await page.goto(`${host.url}/#/approvals/${approvalId}`);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain(`No approval ${approvalId} of yours exists.`);
    await page.goto(`${host.url}/#/chat`);
    await page.getByRole('heading', { name: 'Conversations' }).waitFor();
    await expect.poll(() => page.locator('nav.conversations li').count()).toBe(0);
    await page.goto(`${host.url}/#/orders`);
    await page.getByText('No orders yet.').waitFor();
    await page.goto(`${host.url}/#/connections`);
    await page.getByRole('heading', { name: 'X Not connected' }).waitFor();
    await checkScreen(page, 'connections-other-user');
    expect(page.problems).toEqual([]);
  }, 90_000);
});
