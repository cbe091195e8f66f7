/**
 * The agenda-pack viewer on a long real document (352 pages), end to end:
 * a clerk publishes it on a real server, a member's real host mirrors it, and
 * Chromium drives the viewer — keyboard and go-to-page navigation, zoom
 * re-rendering sharper, find with highlighted matches, rotate, fit page, the
 * position remembered across reopening and a host restart, and an axe check.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { apiPaths } from '../../common/wire.ts';
import { ApiClient } from '../support/api-client.ts';
import { expectNoSeriousAxeViolations } from '../support/axe.ts';
import { corpusPath } from '../support/corpus.ts';
import { startHostProcess, type HostProcess } from '../support/host-process.ts';
import { createUser, startServerProcess, type ServerProcess } from '../support/server-process.ts';

const PDF_FILE = 'pdfjs_freeculture_352pp.pdf';
const PAGE_COUNT = 352;
/** A word printed once in the whole book, on page 158 (checked with pdftotext). */
const RARE_WORD = 'countersued';
const RARE_WORD_PAGE = 158;
const MEETING_TITLE = 'Culture committee';
const ITEM_TITLE = 'Free Culture reading pack';
const MEMBER = { username: 'member', password: 'member-password-for-tests-1' };

test.describe.configure({ mode: 'serial' });

let server: ServerProcess | undefined;
let host: HostProcess | undefined;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  server = await startServerProcess();
  const adminPassword = 'admin-password-for-tests-1';
  await createUser(server.dataDir, { username: 'admin', displayName: 'Council Admin', password: adminPassword, admin: true });
  const admin = await ApiClient.login(server.url, 'admin', adminPassword);
  const committee = await admin.post<{ id: string }>(apiPaths.adminCommittees, { name: 'Culture' });
  const clerkUser = await admin.post<{ id: string }>(apiPaths.adminUsers, {
    username: 'clerk',
    displayName: 'Clara Clerk',
    password: 'clerk-password-for-tests-1',
  });
  const memberUser = await admin.post<{ id: string }>(apiPaths.adminUsers, {
    username: MEMBER.username,
    displayName: 'Morgan Member',
    password: MEMBER.password,
  });
  await admin.put(apiPaths.adminMembership(committee.id, clerkUser.id), { role: 'clerk' });
  await admin.put(apiPaths.adminMembership(committee.id, memberUser.id), { role: 'member' });
  const clerk = await ApiClient.login(server.url, 'clerk', 'clerk-password-for-tests-1');
  const meeting = await clerk.post<{ id: string }>(apiPaths.meetings, {
    committeeId: committee.id,
    title: MEETING_TITLE,
    startsAt: new Date(Date.now() + 2 * 24 * 3600 * 1000).toISOString(),
  });
  const item = await clerk.post<{ id: string }>(apiPaths.meetingItems(meeting.id), { number: '1', title: ITEM_TITLE });
  await clerk.uploadPdf(`${apiPaths.itemDocuments(item.id)}?name=${encodeURIComponent('Free Culture.pdf')}&kind=agenda`, readFileSync(corpusPath(PDF_FILE)));
  await clerk.post(apiPaths.publish(meeting.id), { changeNote: null });
  host = await startHostProcess({ serverUrl: server.url, ...MEMBER });
});

test.afterAll(async () => {
  await host?.stop();
  await server?.stop();
});

/** Opens the pack from the meetings list (waiting for the download) and waits for a painted page. */
async function openPack(page: Page): Promise<void> {
  if (!host) throw new Error('host not started');
  await page.goto(host.url);
  await page.getByRole('link', { name: new RegExp(MEETING_TITLE) }).click();
  await page.getByRole('button', { name: new RegExp(ITEM_TITLE) }).click();
  await expect(page.getByTestId('pdf-viewer')).toHaveAttribute('data-page-count', String(PAGE_COUNT), { timeout: 60_000 });
}

const indicator = (page: Page) => page.getByTestId('page-indicator');
const pageAt = (page: Page, pageNumber: number) => page.locator(`.pdf-page[data-page-number="${pageNumber}"]`);

async function canvasWidth(page: Page, pageNumber: number): Promise<number> {
  return pageAt(page, pageNumber)
    .locator('canvas')
    .evaluate((canvas) => (canvas as unknown as { width: number }).width);
}

test('keyboard and the go-to-page field reach page 300; zoom re-renders it sharper', async ({ page }) => {
  await openPack(page);
  await expect(indicator(page)).toHaveText(`Page 1 of ${PAGE_COUNT}`);
  await page.getByTestId('pdf-scroll').focus();

  await page.keyboard.press('End');
  await expect(indicator(page)).toHaveText(`Page ${PAGE_COUNT} of ${PAGE_COUNT}`);
  await page.keyboard.press('Home');
  await expect(indicator(page)).toHaveText(`Page 1 of ${PAGE_COUNT}`);
  await page.keyboard.press('PageDown');
  await expect(indicator(page)).toHaveText(`Page 2 of ${PAGE_COUNT}`);

  // By keyboard alone: the last page, then back 52 pages.
  await page.keyboard.press('End');
  for (let step = 0; step < PAGE_COUNT - 300; step += 1) await page.keyboard.press('PageUp');
  await expect(indicator(page)).toHaveText(`Page 300 of ${PAGE_COUNT}`);
  await expect(pageAt(page, 300).locator('canvas')).toBeInViewport();

  // By the go-to-page field: out-of-range refused with a message, then a real page.
  await page.getByTestId('viewer-previous').click();
  await page.getByRole('textbox', { name: /Go to page/ }).fill('999');
  await page.getByRole('textbox', { name: /Go to page/ }).press('Enter');
  await expect(page.getByRole('alert')).toContainText(`from 1 to ${PAGE_COUNT}`);
  await page.getByRole('textbox', { name: /Go to page/ }).fill('300');
  await page.getByRole('textbox', { name: /Go to page/ }).press('Enter');
  await expect(indicator(page)).toHaveText(`Page 300 of ${PAGE_COUNT}`);
  await expect(pageAt(page, 300).locator('.textLayer')).not.toBeEmpty({ timeout: 30_000 });

  // Ctrl+plus zooms in; the page is drawn again on a larger canvas (not stretched).
  const before = await canvasWidth(page, 300);
  const zoomBefore = await page.getByTestId('zoom-level').textContent();
  await page.getByTestId('pdf-scroll').focus();
  await page.keyboard.press('Control+Equal');
  await expect(page.getByTestId('zoom-level')).not.toHaveText(zoomBefore ?? '');
  await expect.poll(() => canvasWidth(page, 300), { timeout: 30_000 }).toBeGreaterThan(before);
  await expect(indicator(page)).toHaveText(`Page 300 of ${PAGE_COUNT}`);
});

test('the page and zoom are remembered when the pack is reopened and after the host restarts', async ({ page }) => {
  test.setTimeout(120_000);
  await openPack(page);
  await expect(indicator(page)).toHaveText(`Page 300 of ${PAGE_COUNT}`);
  const zoom = await page.getByTestId('zoom-level').textContent();
  expect(zoom).not.toBe('');
  await expect(page.getByTestId('viewer-fit-width')).toHaveAttribute('aria-pressed', 'false');

  // Move on, then restart the host on the same data folder: the new place is what comes back.
  await page.getByRole('textbox', { name: /Go to page/ }).fill('42');
  await page.getByRole('textbox', { name: /Go to page/ }).press('Enter');
  await expect(indicator(page)).toHaveText(`Page 42 of ${PAGE_COUNT}`);
  await page.goto('about:blank'); // closing the viewer saves the position at once
  if (!host || !server) throw new Error('not started');
  const dataDir = host.dataDir;
  await host.stop();
  host = await startHostProcess({ serverUrl: server.url, ...MEMBER, dataDir });
  await openPack(page);
  await expect(indicator(page)).toHaveText(`Page 42 of ${PAGE_COUNT}`);
  await expect(page.getByTestId('zoom-level')).toHaveText(zoom ?? '');
  await expect(pageAt(page, 42).locator('canvas')).toBeInViewport();
});

test('find lands on the page of the match and highlights it; Escape closes', async ({ page }) => {
  await openPack(page);
  await page.getByTestId('pdf-scroll').focus();
  await page.keyboard.press('Control+f');
  const field = page.getByRole('searchbox', { name: 'Find in document' });
  await expect(field).toBeFocused();
  await field.fill(RARE_WORD);
  await expect(page.getByTestId('find-status')).toHaveText('1 of 1', { timeout: 60_000 });
  await expect(indicator(page)).toHaveText(`Page ${RARE_WORD_PAGE} of ${PAGE_COUNT}`);
  const active = pageAt(page, RARE_WORD_PAGE).locator('mark.find-match--active');
  await expect(active).toHaveText(new RegExp(RARE_WORD, 'i'), { timeout: 30_000 });
  await expect(active).toBeInViewport();

  // A common word: several matches, next moves on.
  await field.fill('the');
  await expect(page.getByTestId('find-status')).toHaveText(/^1 of [\d,]+$/, { timeout: 60_000 });
  await field.press('Enter');
  await expect(page.getByTestId('find-status')).toHaveText(/^2 of [\d,]+$/);
  await expect(page.locator('mark.find-match--active')).toHaveCount(1);

  await field.press('Escape');
  await expect(page.getByTestId('find-bar')).toHaveCount(0);
  await expect(page.locator('mark.find-match')).toHaveCount(0);
});

test('rotate turns the pages and fit page shows a whole page; the viewer passes axe', async ({ page }) => {
  await openPack(page);
  // Page 100 is an ordinary portrait page (page 2 of this book is nearly square).
  await page.getByRole('textbox', { name: /Go to page/ }).fill('100');
  await page.getByRole('textbox', { name: /Go to page/ }).press('Enter');
  await expect(indicator(page)).toHaveText(`Page 100 of ${PAGE_COUNT}`);
  await page.getByTestId('viewer-fit-page').click();
  await expect(page.getByTestId('viewer-fit-page')).toHaveAttribute('aria-pressed', 'true');
  const scrollHeight = await page.getByTestId('pdf-scroll').evaluate((element) => (element as unknown as { clientHeight: number }).clientHeight);
  const current = 100;
  const box = await pageAt(page, current).boundingBox();
  expect(box?.height).toBeLessThanOrEqual(scrollHeight);

  await page.getByTestId('viewer-rotate').click();
  await expect(page.getByTestId('pdf-viewer')).toHaveAttribute('data-rotation', '90');
  const rotated = await pageAt(page, current).boundingBox();
  expect(rotated?.width).toBeGreaterThan(rotated?.height ?? Infinity);
  await expect(pageAt(page, current).locator('.textLayer')).not.toBeEmpty({ timeout: 30_000 });

  await page.getByTestId('viewer-find').click();
  await expectNoSeriousAxeViolations(page);
});
