/**
 * The renderer's screens against the real thing: `npm start` in browser mode
 * with its embedded demo council (a real authority server, a real desktop
 * host with its SQLite mirror and document cache, generated PDFs), driven in
 * Chromium. Every screen is checked with axe; a demo document must really be
 * painted by pdf.js with a selectable text layer.
 */
import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousAxeViolations } from '../support/axe.ts';
import { paintedPixelShare } from '../support/canvas-ink.ts';
import { useDemoAppPerFile } from '../support/demo-app-fixture.ts';

const demoApp = useDemoAppPerFile();
const appUrl = (): string => demoApp().url;

/** Opens the app and waits until the demo meetings have been mirrored and listed. */
async function openMeetingsList(page: Page): Promise<void> {
  await page.goto(appUrl());
  await expect(page.getByRole('heading', { level: 1, name: 'Meetings' })).toBeVisible();
  await expect(page.getByTestId('meeting-card').first()).toBeVisible({ timeout: 60_000 });
}

/** Opens the first meeting whose agenda has at least one document, and returns its agenda navigation. */
async function openMeetingWithDocuments(page: Page) {
  await openMeetingsList(page);
  const cards = page.getByTestId('meeting-card');
  const count = await cards.count();
  for (let index = 0; index < count; index += 1) {
    const card = cards.nth(index);
    if (/\b0 documents\b/.test((await card.textContent()) ?? '')) continue;
    await card.getByRole('link').click();
    const agenda = page.getByRole('navigation', { name: 'Agenda' });
    await expect(agenda.getByTestId('agenda-item').first()).toBeVisible();
    return agenda;
  }
  throw new Error('no demo meeting has documents');
}

test('the meetings list shows the demo council with its sync state', async ({ page }) => {
  await openMeetingsList(page);
  // The token left the address bar but the bridge still works (it is in sessionStorage).
  expect(new URL(page.url()).hash).not.toContain('token=');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('banner')).toContainText('Chamber');
  const status = page.getByTestId('sync-status');
  await expect(status).toHaveAttribute('data-connection', /^(online|syncing)$/, { timeout: 30_000 });
  await expect(status.getByRole('button', { name: 'Sync now' })).toBeEnabled();
  const firstCard = page.getByTestId('meeting-card').first();
  await expect(firstCard.getByRole('link')).toBeVisible();
  await expect(firstCard).toContainText(/\d+ items?/);
  await expect(firstCard.locator('time')).toHaveAttribute('datetime', /^\d{4}-\d{2}-\d{2}T/);
  await expectNoSeriousAxeViolations(page);

  // Keyboard: the first Tab stop is the skip link, and it moves focus to the main content.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to main content' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('main')).toBeFocused();
});

test('a meeting shows its agenda with items and documents', async ({ page }) => {
  const agenda = await openMeetingWithDocuments(page);
  // The link that was activated is gone; focus lands on the new screen's heading, not on <body>.
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  await expect(agenda.getByRole('heading', { name: 'Agenda' })).toBeVisible();
  await expect(agenda.getByTestId('agenda-document').first()).toContainText(/\d+ pages?/);
  await expect(page.getByRole('main')).toContainText('Choose an agenda item or a document to read it.');
  // The demo's Planning agenda has an exempt item; our member sits on Planning, so it is shown, marked.
  await expect(agenda.getByTestId('confidential').first()).toContainText(/^Confidential/);
  await expectNoSeriousAxeViolations(page);
  await agenda.getByRole('link', { name: 'All meetings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Meetings' })).toBeFocused();
});

test('choosing an agenda item renders its first document with pdf.js', async ({ page }) => {
  test.setTimeout(120_000);
  const agenda = await openMeetingWithDocuments(page);
  const itemWithDocument = agenda.getByTestId('agenda-item').filter({ has: page.getByTestId('agenda-document') }).first();
  await itemWithDocument.getByRole('button').first().click();
  await expect(page).toHaveURL(/document=/);

  const viewer = page.getByTestId('pdf-viewer');
  await expect(viewer).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('page-indicator')).toHaveText(/^Page 1 of \d+$/);
  const firstPage = page.locator('[data-page-number="1"]');
  await expect(firstPage.locator('canvas')).toBeVisible();
  await expect(firstPage.locator('.textLayer')).toHaveText(/[A-Za-z]{3,}/, { timeout: 30_000 });
  await expect.poll(() => paintedPixelShare(page), { timeout: 30_000, message: 'page 1 has ink' }).toBeGreaterThan(0.005);
  await expectNoSeriousAxeViolations(page);

  // Next page moves the indicator and renders page 2; far pages own no canvas until scrolled to.
  await page.getByRole('button', { name: 'Next page' }).click();
  await expect(page.getByTestId('page-indicator')).toHaveText(/^Page 2 of \d+$/);
  await expect(page.locator('[data-page-number="2"] .textLayer')).toHaveText(/[A-Za-z]{3,}/);
  const pageCount = Number(await viewer.getAttribute('data-page-count'));
  expect(pageCount, 'the demo agenda pack is long enough to need virtual scrolling').toBeGreaterThan(6);
  const lastPage = page.locator(`[data-page-number="${pageCount}"]`);
  await expect(lastPage.locator('canvas')).toHaveCount(0);
  await page.getByTestId('pdf-scroll').evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
  await expect(page.getByTestId('page-indicator')).toHaveText(`Page ${pageCount} of ${pageCount}`);
  await expect(lastPage.locator('canvas')).toBeVisible();
  await expect(firstPage.locator('canvas')).toHaveCount(0);
  await page.getByTestId('pdf-scroll').evaluate((element) => element.scrollTo({ top: 0 }));
  await expect(firstPage.locator('canvas')).toBeVisible();

  // Zoom changes the page's size; fit width brings it back.
  const widthBefore = await firstPage.evaluate((element) => element.getBoundingClientRect().width);
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await expect.poll(() => firstPage.evaluate((element) => element.getBoundingClientRect().width)).toBeGreaterThan(widthBefore);
  await page.getByRole('button', { name: 'Fit width' }).click();
  await expect.poll(() => firstPage.evaluate((element) => element.getBoundingClientRect().width)).toBe(widthBefore);
});

test('the interface follows a Norwegian browser', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'nb-NO' });
  const page = await context.newPage();
  try {
    await page.goto(appUrl());
    await expect(page.locator('html')).toHaveAttribute('lang', 'nb');
    await expect(page.getByRole('heading', { level: 1, name: 'Møter' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Synkroniser nå' })).toBeVisible();
  } finally {
    await context.close();
  }
});
