/**
 * Search all papers, end to end: the demo council in browser mode (real
 * server, real host indexing the generated PDFs' text), driven in Chromium.
 * Typing in the header's search box lists matching pages with the match
 * emphasised; choosing a hit opens the document at that page with the match
 * highlighted by the viewer's find.
 */
import { expect, test } from '@playwright/test';
import { expectNoSeriousAxeViolations } from '../support/axe.ts';
import { useDemoAppPerFile } from '../support/demo-app-fixture.ts';

const demoApp = useDemoAppPerFile();

// A phrase from the demo papers' conditions appendix (collab-server/seed/demo-content.ts), late in each report.
const phrase = 'biodiversity net gain';

test('searching all papers finds a phrase and opens the document at the hit', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto(demoApp().url);
  await expect(page.getByRole('heading', { level: 1, name: 'Meetings' })).toBeVisible();

  // Ctrl+Shift+F reaches the search field from anywhere.
  await page.keyboard.press('Control+Shift+F');
  const searchField = page.getByRole('search', { name: 'Search all papers' }).getByRole('searchbox', { name: 'Search all papers' });
  await expect(searchField).toBeFocused();
  await searchField.fill(phrase);
  await searchField.press('Enter');

  await expect(page).toHaveURL(/#\/search\?q=biodiversity\+net\+gain/);
  await expect(page.getByRole('heading', { level: 1, name: `Search results for “${phrase}”` })).toBeVisible();
  // The demo papers are indexed in the background; the screen looks again until they are.
  await expect(page.getByTestId('search-summary')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('search-pending')).toHaveCount(0, { timeout: 120_000 });
  const hits = page.getByTestId('search-hit');
  await expect(hits.first()).toBeVisible();
  await expect(hits.first().locator('mark').first()).toHaveText(/biodiversity|net|gain/i);

  // Choose the hit furthest into its document, so landing on page 1 would not pass.
  const hrefs = await hits.locator('a').evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
  const pageOf = (href: string) => Number(new URLSearchParams(href.split('?')[1] ?? '').get('page'));
  const chosen = hrefs.reduce((best, href) => (pageOf(href) > pageOf(best) ? href : best));
  const hitPage = pageOf(chosen);
  expect(hitPage).toBeGreaterThan(1);

  await expectNoSeriousAxeViolations(page);

  await page.locator(`a[href="${chosen}"]`).first().click();
  await expect(page.getByTestId('pdf-viewer')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('page-indicator')).toHaveText(new RegExp(`^Page ${hitPage} of`), { timeout: 30_000 });
  const active = page.locator(`[data-page-number="${hitPage}"] mark.find-match--active`);
  await expect(active).toBeVisible({ timeout: 30_000 });
  await expect(active).toHaveText(/biodiversity net gain/i);
  await expect(page.getByTestId('find-bar')).toBeVisible();
});
