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
import { authoredBytes, createAuthoringDocument } from '../../common/node/pdf-authoring.ts';
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
const LINKS_ITEM_TITLE = 'Links sample';

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
  const linksItem = await clerk.post<{ id: string }>(apiPaths.meetingItems(meeting.id), { number: '2', title: LINKS_ITEM_TITLE });
  await clerk.uploadPdf(`${apiPaths.itemDocuments(linksItem.id)}?name=${encodeURIComponent('Links.pdf')}&kind=agenda`, await makeLinksPdf());
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
  // Pages far from the view gave their canvases back: only the neighbourhood of page 300 is drawn.
  await expect.poll(() => page.locator('.pdf-page canvas').count()).toBeLessThan(20);

  // Ctrl+plus zooms in; the page is drawn again on a larger canvas (not stretched).
  const before = await canvasWidth(page, 300);
  const zoomBefore = await page.getByTestId('zoom-level').textContent();
  await page.getByTestId('pdf-scroll').focus();
  await page.keyboard.press('Control+Equal');
  await expect(page.getByTestId('zoom-level')).not.toHaveText(zoomBefore ?? '');
  await expect.poll(() => canvasWidth(page, 300), { timeout: 30_000 }).toBeGreaterThan(before);
  await expect(indicator(page)).toHaveText(`Page 300 of ${PAGE_COUNT}`);
});

test('the pack is loaded by URL from the host with byte ranges, not as one bridge answer', async ({ page }) => {
  const documentResponses: Array<{ status: number; acceptRanges: string | undefined; range: string | undefined }> = [];
  const bridgeCalls: string[] = [];
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (url.pathname.startsWith('/bridge/documents/')) {
      documentResponses.push({ status: response.status(), acceptRanges: response.headers()['accept-ranges'], range: response.request().headers().range });
    }
    if (url.pathname.startsWith('/bridge/invoke/')) bridgeCalls.push(url.pathname.slice('/bridge/invoke/'.length));
  });
  await openPack(page);
  // Whichever page the remembered position lands on.
  await expect(page.locator('.pdf-page canvas[data-painted="true"]').first()).toBeVisible({ timeout: 30_000 });
  expect(bridgeCalls).toContain('document.open');
  expect(bridgeCalls).not.toContain('document.read');
  // The first answer is for the whole file and offers ranges; every range asked for is answered as one.
  expect(documentResponses[0]).toMatchObject({ status: 200, acceptRanges: 'bytes' });
  for (const answer of documentResponses.filter((response) => response.range)) expect(answer.status).toBe(206);
});

test('pages are drawn at the device pixel ratio', async ({ browser }) => {
  const context = await browser.newContext({ deviceScaleFactor: 2 });
  const page = await context.newPage();
  try {
    await openPack(page);
    // Whichever page the remembered position opens at.
    const canvas = page.locator('.pdf-page canvas[data-painted="true"]').first();
    await expect(canvas).toBeVisible({ timeout: 30_000 });
    const { pixels, css } = await canvas.evaluate((element) => {
      const drawn = element as unknown as { width: number; clientWidth: number };
      return { pixels: drawn.width, css: drawn.clientWidth };
    });
    expect(pixels).toBeGreaterThanOrEqual(2 * css - 2);
  } finally {
    await context.close();
  }
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

test('the sidebar shows lazy thumbnails and the outline, both of which jump to pages', async ({ page }) => {
  await openPack(page);
  await page.getByTestId('viewer-sidebar-toggle').click();
  const sidebar = page.getByTestId('pdf-sidebar');
  await expect(sidebar.locator('canvas').first()).toBeVisible({ timeout: 30_000 });
  // Only thumbnails near the sidebar's view are drawn, not all 352.
  expect(await sidebar.locator('canvas').count()).toBeLessThan(40);
  await sidebar.getByRole('button', { name: 'Page 5', exact: true }).click();
  await expect(indicator(page)).toHaveText(`Page 5 of ${PAGE_COUNT}`);

  await sidebar.getByRole('button', { name: 'Outline' }).click();
  await sidebar.getByRole('button', { name: 'INDEX' }).click();
  await expect(indicator(page)).not.toHaveText(`Page 5 of ${PAGE_COUNT}`);
  const landed = Number(/Page (\d+)/.exec((await indicator(page).textContent()) ?? '')?.[1]);
  expect(landed).toBeGreaterThan(300);
  await expectNoSeriousAxeViolations(page);
});

test('links: internal ones jump, outside ones ask first and open in a new tab, unsafe schemes are refused', async ({ page, context }) => {
  await openLinksSample(page);
  const firstPage = pageAt(page, 1);
  await firstPage.getByRole('button', { name: 'Go to page 3' }).click();
  await expect(indicator(page)).toHaveText('Page 3 of 3');

  await openLinksSample(page);
  await firstPage.getByRole('button', { name: /javascript:/ }).click();
  await expect(page.getByTestId('link-prompt')).toContainText('does not open this kind of link');
  await expect(page.getByTestId('link-prompt').getByRole('button', { name: 'Open link' })).toHaveCount(0);
  await page.getByTestId('link-prompt').getByRole('button', { name: 'OK' }).click();
  await firstPage.getByRole('button', { name: /file:/ }).click();
  await expect(page.getByTestId('link-prompt')).toContainText('does not open this kind of link');
  await page.getByTestId('link-prompt').getByRole('button', { name: 'OK' }).click();

  await firstPage.getByRole('button', { name: /example\.org/ }).click();
  await expect(page.getByTestId('link-prompt')).toContainText('https://example.org/agenda');
  await page.getByTestId('link-prompt').getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('link-prompt')).toHaveCount(0);
  await firstPage.getByRole('button', { name: /example\.org/ }).click();
  // The tests have no network: the outside site is answered locally so the new tab can load.
  await context.route('https://example.org/**', (route) => route.fulfill({ contentType: 'text/html', body: '<title>outside</title>' }));
  const [popup] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: 'Open link' }).click()]);
  await expect.poll(() => popup.url()).toBe('https://example.org/agenda');
  // noopener: the outside page has no handle on Chamber's window.
  expect(await popup.evaluate(() => (globalThis as unknown as { opener: unknown }).opener)).toBeNull();
  await popup.close();
});

async function openLinksSample(page: Page): Promise<void> {
  if (!host) throw new Error('host not started');
  await page.goto(host.url);
  await page.getByRole('link', { name: new RegExp(MEETING_TITLE) }).click();
  await page.getByRole('button', { name: new RegExp(LINKS_ITEM_TITLE) }).click();
  await expect(page.getByTestId('pdf-viewer')).toHaveAttribute('data-page-count', '3', { timeout: 60_000 });
  await page.getByRole('textbox', { name: /Go to page/ }).fill('1');
  await page.getByRole('textbox', { name: /Go to page/ }).press('Enter');
  await expect(pageAt(page, 1).locator('.pdf-link')).toHaveCount(4, { timeout: 30_000 });
}

/** A three-page PDF whose first page has an internal link, an https link, and javascript:/file: links. */
// Last in this serial file: it leaves the pack open at another page than the tests above expect.
test("the PDF's own fonts draw its pages, loaded into pdf.js's drawing frame and kept out of the app's document", async ({ page }) => {
  await openPack(page);
  await page.getByRole('textbox', { name: /Go to page/ }).fill(String(RARE_WORD_PAGE));
  await page.getByRole('textbox', { name: /Go to page/ }).press('Enter');
  await expect(pageAt(page, RARE_WORD_PAGE).locator('canvas[data-painted="true"]')).toBeVisible({ timeout: 30_000 });
  // Plain JS (the tests are type-checked without DOM types).
  const fonts = (await page.evaluate(`(() => {
    const pdfFont = /^g_d\\d+_f\\d+$/; // the names pdf.js gives the fonts it loads
    const drawingDocument = document.querySelector('iframe.pdf-drawing-frame')?.contentDocument;
    const families = (set) => [...(set ?? [])].map((face) => face.family.replace(/"/g, '')).filter((name) => pdfFont.test(name));
    const inDrawing = families(drawingDocument?.fonts);
    // A canvas draws with the fonts of the document that made it: one made in the drawing frame must
    // measure text in the PDF's font, not in the fallback, and one made in the app's document cannot.
    const width = (doc, font) => {
      const context = doc?.createElement('canvas').getContext('2d');
      if (!context) return -1;
      context.font = font;
      return context.measureText('Free Culture, countersued').width;
    };
    const family = inDrawing[0];
    return {
      inApp: families(document.fonts),
      inDrawing,
      drawingWithPdfFont: family ? width(drawingDocument, '40px "' + family + '", monospace') : -1,
      drawingFallback: width(drawingDocument, '40px monospace'),
      appWithPdfFont: family ? width(document, '40px "' + family + '", monospace') : -1,
      appFallback: width(document, '40px monospace'),
    };
  })()`)) as { inApp: string[]; inDrawing: string[]; drawingWithPdfFont: number; drawingFallback: number; appWithPdfFont: number; appFallback: number };
  expect(fonts.inApp, 'no PDF font in the app document (each would restyle the whole app)').toEqual([]);
  expect(fonts.inDrawing.length, 'the book embeds its fonts').toBeGreaterThan(0);
  expect(fonts.drawingWithPdfFont, 'the drawing canvas uses the PDF font').not.toBe(fonts.drawingFallback);
  expect(fonts.appWithPdfFont, 'the app document has no such font').toBe(fonts.appFallback);
});

async function makeLinksPdf(): Promise<Uint8Array> {
  const doc = createAuthoringDocument({ title: 'Links sample', author: 'Chamber tests', language: 'en-GB', tagged: false, bufferPages: true });
  for (const n of [1, 2, 3]) {
    doc.addPage({ size: [400, 500], margin: 0 });
    doc.fontSize(16).text(`Links sample page ${n}`, 40, 50, { lineBreak: false, baseline: 'alphabetic' });
  }
  doc.switchToPage(0);
  // PDFKit's link(): a number is a page to go to (here the third), a string a URI action (whatever its scheme).
  doc.link(40, 90, 320, 30, 2);
  for (const [top, address] of [[140, 'https://example.org/agenda'], [190, 'javascript:alert(1)'], [240, 'file:///etc/passwd']] as const) {
    doc.link(40, top, 320, 30, address);
  }
  return authoredBytes(doc);
}
