/**
 * Where a found match lands: opening a search hit, and Find in the viewer,
 * scroll the matched text well inside the view (near its top, with a margin,
 * as pdf.js's find controller does), not onto the bottom edge where it is
 * partly hidden. The demo council in browser mode, driven in Chromium.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { useDemoAppPerFile } from '../support/demo-app-fixture.ts';

const demoApp = useDemoAppPerFile();

// From the demo papers' conditions appendix (collab-server/seed/demo-content.ts): in the Mill Lane report
// it is on page 3, two thirds of the way down, where opening the page at its top does not show it.
const phrase = 'measurable net gain';
const hitDocument = 'Report 25-00412-FUL Mill Lane.pdf';
const hitPage = 3;
// In the agenda pack, page 9 holds this phrase six times from a quarter of the way down the page.
const packDocument = 'Agenda pack.pdf';
const packPhrase = 'biodiversity net gain';

const toolbar = (page: Page) => page.getByRole('toolbar', { name: 'Document tools' });

/** The document's pages: the scrolling region named after the document (its title in the toolbar). */
async function scrollArea(page: Page): Promise<Locator> {
  const title = await toolbar(page).getByRole('heading').textContent();
  return page.getByRole('region', { name: title ?? '', exact: true });
}

/**
 * The match the viewer has made current: find marks every match (<mark>), the current one with
 * aria-current (a match broken across lines is more than one mark). Playwright's role names do not
 * list "mark" yet, so by element and attribute.
 */
const currentMatch = (page: Page) => page.locator('mark[aria-current="true"]');

/**
 * Fails unless every piece of `match` lies wholly inside the part of the scroll area the reader sees
 * (scrollbars and the window's edge excluded), in its upper half with at least a line's height above
 * it: near the top, as pdf.js puts a match, so the lines after it are in view too. A match on or near
 * the bottom edge fails.
 */
async function expectWellInView(page: Page, match: Locator, text: RegExp): Promise<void> {
  await expect(match.first()).toHaveText(text, { timeout: 30_000 });
  const area = await scrollArea(page);
  const areaBox = await area.boundingBox();
  const inner = await area.evaluate((element) => {
    const scroller = element as unknown as { clientTop: number; clientLeft: number; clientWidth: number; clientHeight: number };
    return { top: scroller.clientTop, left: scroller.clientLeft, width: scroller.clientWidth, height: scroller.clientHeight };
  });
  const window = page.viewportSize();
  if (!areaBox || !window) throw new Error('the scroll area has no box');
  const visible = {
    top: Math.max(0, areaBox.y + inner.top),
    left: Math.max(0, areaBox.x + inner.left),
    bottom: Math.min(window.height, areaBox.y + inner.top + inner.height),
    right: Math.min(window.width, areaBox.x + inner.left + inner.width),
  };
  for (const piece of await match.all()) {
    const box = await piece.boundingBox();
    if (!box) throw new Error('a piece of the match has no box');
    const where = `match at ${JSON.stringify(box)}, visible area ${JSON.stringify(visible)}`;
    expect(box.y - box.height, where).toBeGreaterThanOrEqual(visible.top);
    expect(box.x, where).toBeGreaterThanOrEqual(visible.left);
    expect(box.y + box.height, where).toBeLessThanOrEqual((visible.top + visible.bottom) / 2);
    expect(box.x + box.width, where).toBeLessThanOrEqual(visible.right);
  }
}

test('a search hit opens with its match well inside the view', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto(demoApp().url);
  await expect(page.getByRole('heading', { level: 1, name: 'Meetings' })).toBeVisible();
  const searchField = page.getByRole('search', { name: 'Search all papers' }).getByRole('searchbox', { name: 'Search all papers' });
  await searchField.fill(phrase);
  await searchField.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: `Search results for “${phrase}”` })).toBeVisible();

  // The demo papers are indexed in the background; the results are looked up again until the hit is listed.
  const hitsOfDocument = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: hitDocument }) });
  const hit = hitsOfDocument.getByRole('link', { name: new RegExp(`^Page ${hitPage}\\b`) });
  await expect(hit).toBeVisible({ timeout: 150_000 });
  await hit.click();

  await expect(toolbar(page).getByText(new RegExp(`^Page ${hitPage} of`))).toBeVisible({ timeout: 60_000 });
  // The hit's snippet holds the phrase, so the viewer finds the phrase itself (SearchResultsScreen's findTerm),
  // not one of its words; on this page it breaks across lines, "measurable net" the first piece.
  await expectWellInView(page, currentMatch(page), /^measurable net/i);
  await page.screenshot({ path: test.info().outputPath('search-hit.png') });
});

test('Find scrolls each match it moves to well inside the view', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(demoApp().url);
  await page.getByTestId('meeting-card').filter({ hasText: 'Planning Committee' }).first().getByRole('link').click({ timeout: 60_000 });
  await page.getByRole('navigation', { name: 'Agenda' }).getByRole('link', { name: new RegExp(packDocument) }).click();
  await expect(toolbar(page).getByText(/^Page \d+ of/)).toBeVisible({ timeout: 60_000 });

  await toolbar(page).getByRole('button', { name: 'Find' }).click();
  const field = page.getByLabel('Find in document');
  await field.fill(packPhrase);
  const status = page.getByRole('search').getByText(/^\d+ of \d+$/);
  await expect(status).toHaveText(/^1 of \d+$/, { timeout: 60_000 });
  await expectWellInView(page, currentMatch(page), new RegExp(packPhrase, 'i'));
  // Enter moves to the next match: the next ones lie further down the same page.
  for (const next of [2, 3]) {
    await field.press('Enter');
    await expect(status).toHaveText(new RegExp(`^${next} of \\d+$`));
    await expectWellInView(page, currentMatch(page), new RegExp(packPhrase, 'i'));
  }
  await page.screenshot({ path: test.info().outputPath('find.png') });
});
