/**
 * Searching right after the first sync, while papers are still arriving and
 * being read: a real authority server (demo council plus a Planning meeting
 * of real corpus papers, among them a 352-page book), a real host behind a
 * relay limited to 150 kB/s, so the book takes some twenty seconds to arrive.
 * A search issued meanwhile says that indexing is under way and how far it
 * has come (papers and pages), names the paper not yet searchable, and lists
 * the hit by itself once indexing reaches that paper.
 */
import { expect, test } from '@playwright/test';
import { publishCorpusMeeting } from '../support/host-council.ts';
import { useRemoteHostPerFile } from '../support/remote-host-fixture.ts';

/** On page 250 of the book only (checked with pdftotext). */
const PHRASE = 'enumerated powers argument';
const BOOK = 'Background reading';

const remote = useRemoteHostPerFile({ bytesPerSecond: 150_000, prepare: (server) => publishCorpusMeeting(server.url, server.dataDir) });

test('a search during indexing says so, names what is not searchable yet, and lists the hit once it is', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto(remote().host.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Meetings' })).toBeVisible({ timeout: 30_000 });

  // The header says indexing is under way, with how far it has come.
  const banner = page.getByRole('banner');
  await expect(banner.getByText(/^Indexing for search: \d+ of \d+ papers/)).toBeVisible({ timeout: 60_000 });

  const searchField = banner.getByRole('searchbox', { name: 'Search all papers' });
  await searchField.fill(PHRASE);
  await searchField.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: `Search results for “${PHRASE}”` })).toBeVisible();

  // While the book is not read yet: no hit, and the page says why and how far indexing has come.
  const indexing = page.getByRole('status').filter({ hasText: 'Indexing papers for search' });
  await expect(indexing).toBeVisible({ timeout: 30_000 });
  await expect(indexing).toContainText(/\d+ of \d+ papers \(\d[\d,]* of \d[\d,]* pages\)/);
  const notYet = page.getByRole('region', { name: 'Not searchable yet' });
  await expect(notYet.getByRole('listitem').filter({ hasText: BOOK })).toBeVisible();
  await expect(page.getByRole('link', { name: /Page 250/ })).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('search-while-indexing.png'), fullPage: true });

  // Once the book is read, the hit appears without searching again, and the notices go.
  const hit = page.getByRole('link', { name: /Page 250/ });
  await expect(hit).toBeVisible({ timeout: 180_000 });
  await expect(hit.locator('mark').first()).toHaveText(/enumerated|powers|argument/i);
  await expect(notYet).toHaveCount(0, { timeout: 60_000 });
  await expect(indexing).toHaveCount(0, { timeout: 60_000 });
  await expect(banner.getByText(/^Indexing for search/)).toHaveCount(0);
});
