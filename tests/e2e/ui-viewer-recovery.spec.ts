/**
 * A cached PDF damaged on disk: the host refuses to serve it (`not-cached`),
 * the viewer says the document is not downloaded yet while the rest of the app
 * keeps working, and once "Sync now" has fetched it again the viewer opens it
 * by itself. Real `npm start` (browser mode, embedded demo), real files.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startBrowserModeApp, type BrowserModeApp } from '../support/browser-mode-app.ts';
import { paintedPixelShare } from '../support/canvas-ink.ts';

let app: BrowserModeApp | undefined;

test.use({ locale: 'en-GB', viewport: { width: 1280, height: 800 } });

test.afterAll(async () => {
  await app?.stop();
});

/** Every file of the host's document cache (`accounts/<key>/documents/ab/<sha256>.pdf`). */
function cachedPdfFiles(dataDir: string): string[] {
  const accounts = path.join(dataDir, 'accounts');
  return readdirSync(accounts, { recursive: true, encoding: 'utf8' })
    .filter((relative) => /(^|\/)documents\/[0-9a-f]{2}\/[0-9a-f]{64}\.pdf$/.test(relative))
    .map((relative) => path.join(accounts, relative));
}

function isIntact(file: string): boolean {
  return createHash('sha256').update(readFileSync(file)).digest('hex') === path.basename(file, '.pdf');
}

test('a damaged cached document is fetched again and then opens by itself', async ({ page }) => {
  test.setTimeout(180_000);
  app = await startBrowserModeApp();
  const { dataDir } = app;
  await page.goto(app.url);
  await page.getByTestId('meeting-card').first().getByRole('link').click({ timeout: 60_000 });
  const agenda = page.getByRole('navigation', { name: 'Agenda' });
  const documents = agenda.getByTestId('agenda-document');
  await expect(documents.first()).toBeVisible();
  const documentCount = await documents.count();
  await expect(agenda.locator('[data-testid="agenda-document"][data-cached="true"]')).toHaveCount(documentCount, { timeout: 60_000 });

  // Truncate every cached file: what is on disk no longer matches its hash.
  const files = cachedPdfFiles(dataDir);
  expect(files.length).toBeGreaterThan(0);
  for (const file of files) {
    const bytes = readFileSync(file);
    writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
  }

  await agenda.getByTestId('agenda-item').filter({ has: page.getByTestId('agenda-document') }).first().getByRole('button').click();
  await expect(page.getByTestId('viewer-not-cached')).toHaveText('This document has not been downloaded yet. It opens by itself as soon as the download finishes.');
  // The rest of the app still answers.
  await expect(agenda.getByRole('heading', { name: 'Agenda' })).toBeVisible();

  await page.getByRole('button', { name: 'Sync now' }).click();
  const firstPage = page.locator('[data-page-number="1"]');
  await expect(firstPage.locator('.textLayer')).toHaveText(/[A-Za-z]{3,}/, { timeout: 60_000 });
  await expect.poll(() => paintedPixelShare(page), { timeout: 30_000, message: 'page 1 has ink' }).toBeGreaterThan(0.005);
  const openedId = await page.getByTestId('document-viewer').getAttribute('data-document-id');
  await expect(agenda.locator(`[data-document-id="${openedId}"]`)).toHaveAttribute('data-cached', 'true');
  expect(cachedPdfFiles(dataDir).some(isIntact), 'a re-downloaded file matches its hash').toBe(true);
});
