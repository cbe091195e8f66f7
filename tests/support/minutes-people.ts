/**
 * People at the minutes, for the minutes' end-to-end tests: each a real
 * desktop host (browser mode) signed in to a real server, driven from a
 * Chromium context of their own, and the ways a person reaches and writes the
 * minutes (the meeting's Minutes link, a click below an item's declarations,
 * the keyboard).
 */
import { expect, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { apiPaths, type UserProfile } from '../../common/wire.ts';
import { ApiClient } from './api-client.ts';
import { demoPassword } from './host-council.ts';
import { latestSeq, startHostProcess, waitUntilSynced, type HostProcess } from './host-process.ts';
import type { ServerProcess } from './server-process.ts';

/** The demo council's meeting and the item the tests write about. */
export const MEETING = /Planning Committee/;
export const ITEM_TITLE = 'Planning application 25/00412/FUL: Land north of Mill Lane, Ashford Green';

export interface Person {
  username: string;
  host: HostProcess;
  context: BrowserContext;
  page: Page;
  profile: UserProfile;
  api: ApiClient;
}

/**
 * Starts `username`'s host against `serverUrl` (the server's own address unless given, e.g. a relay's),
 * waits until it has synced the server's feed, and opens a browser context on it.
 */
export async function startPerson(browser: Browser, server: ServerProcess, username: string, serverUrl = server.url, dataDir?: string): Promise<Person> {
  const password = demoPassword(server.dataDir, username);
  const host = await startHostProcess({ serverUrl, username, password, ...(dataDir ? { dataDir } : {}) });
  await waitUntilSynced(host, await latestSeq(server.url));
  const api = await ApiClient.login(server.url, username, password);
  const profile = await api.get<UserProfile>(apiPaths.me);
  const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1360, height: 900 } });
  const page = await context.newPage();
  await page.goto(host.url);
  return { username, host, context, page, profile, api };
}

export async function stopPerson(person: Person | undefined): Promise<void> {
  await person?.context.close().catch(() => undefined);
  await person?.host.stop();
}

/** The minutes text as a screen reader names it. */
export function minutesText(page: Page): Locator {
  return page.getByRole('textbox', { name: 'Minutes text' });
}

/** From the meeting list: the meeting, then its Minutes link; waits until the text is there and writable (or read-only). */
export async function openMinutes(page: Page, writable = true): Promise<void> {
  await page.getByRole('link', { name: MEETING }).first().click();
  await page.getByRole('link', { name: 'Minutes', exact: true }).click();
  await expect(page.getByRole('heading', { name: /^Minutes: / })).toBeVisible();
  const text = minutesText(page);
  await expect(text).toBeVisible({ timeout: 30_000 });
  // The server seeds the structure on first open: the item headings arrive with it.
  await expect(text.getByRole('heading', { name: ITEM_TITLE })).toBeVisible({ timeout: 30_000 });
  await expect(text).toHaveAttribute('contenteditable', String(writable), { timeout: 30_000 });
}

/** A record block of the minutes by its title ("Attendance", "Vote", …), the n-th of that kind. */
export function recordBlock(page: Page, title: string, index = 0): Locator {
  return minutesText(page).getByRole('group', { name: title, exact: true }).nth(index);
}

/**
 * Puts the caret in the item's own text, as a person does: a click on the empty line below the item's
 * declarations block (the item's section starts with its heading, then that block, then the text).
 */
export async function clickIntoItem(page: Page, itemTitle: string): Promise<void> {
  const text = minutesText(page);
  const headings = await text.getByRole('heading', { level: 3 }).allTextContents();
  const index = headings.findIndex((heading) => heading.includes(itemTitle));
  if (index < 0) throw new Error(`no item "${itemTitle}" in the minutes (items: ${headings.join(' | ')})`);
  const declarations = recordBlock(page, 'Declarations of interest', index);
  await declarations.scrollIntoViewIfNeeded();
  const box = await declarations.boundingBox();
  if (!box) throw new Error('the declarations block is not on screen');
  await page.mouse.click(box.x + 24, box.y + box.height + 16);
  await expect(text).toBeFocused();
}
