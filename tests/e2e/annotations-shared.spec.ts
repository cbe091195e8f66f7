/**
 * Annotations between two members, end to end with real processes: one
 * authority server (demo council), two desktop hosts (Cllr Tom Evans = A,
 * Cllr Grace Okafor = B, both Planning members) behind a relay, and two
 * Chromium contexts in browser mode.
 *
 * A's shared highlight and note appear on B's page; B's reply appears on A;
 * A's private note never reaches B, and B cannot open A's private layer over
 * the Yjs endpoint; A's ink, recoloured and moved from private to shared,
 * reaches B and goes again when A deletes it; A annotates while the server is
 * down and B sees it once it is back; a replaced document carries A's
 * highlights forward.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import WebSocket from 'ws';
import { z } from 'zod';
import { AgendaDocument, AgendaItem, Committee, Meeting, UserProfile, apiPaths, yjsDocName, yjsPaths } from '../../common/wire.ts';
import { ApiClient } from '../support/api-client.ts';
import { expectNoSeriousAxeViolations } from '../support/axe.ts';
import { corpusPath } from '../support/corpus.ts';
import { revisedPaper } from '../support/pdf-fixtures.ts';
import { demoPassword } from '../support/host-council.ts';
import { latestSeq, startHostProcess, waitUntilSynced, type HostProcess } from '../support/host-process.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { startTcpRelay, type TcpRelay } from '../support/tcp-relay.ts';

const PAPER = 'kent_county-council_agenda-frontsheet_2025-02-13.pdf';
const MEETING_TITLE = 'Planning Committee (annotations)';
const ITEM_TITLE = 'Agenda and summons';
/** Printed on page 1 and page 3 of the paper (checked with pdftotext). */
const PAGE_ONE_WORD = 'Summons';
const PAGE_THREE_WORDS = 'DEMOCRATIC SERVICES';

test.describe.configure({ mode: 'serial' });
test.use({ locale: 'en-GB', viewport: { width: 1280, height: 800 } });

let server: ServerProcess;
let relay: TcpRelay;
let hostA: HostProcess;
let hostB: HostProcess;
let contextA: BrowserContext;
let contextB: BrowserContext;
let pageA: Page;
let pageB: Page;
let meeting: Meeting;
let item: AgendaItem;
let paper: AgendaDocument;
let committee: Committee;

test.beforeAll(async ({ browser }) => {
  test.setTimeout(240_000);
  server = await startServerProcess({ seed: 'demo' });
  relay = await startTcpRelay(Number(new URL(server.url).port), Infinity);
  const clerk = await ApiClient.login(server.url, 'clerk', demoPassword(server.dataDir, 'clerk'));
  committee = z.array(Committee).parse(await clerk.get(apiPaths.committees)).find((c) => c.name === 'Planning Committee')!;
  meeting = Meeting.parse(
    await clerk.post(apiPaths.meetings, {
      committeeId: committee.id,
      title: MEETING_TITLE,
      startsAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
      venue: 'Council Chamber',
    }),
  );
  item = AgendaItem.parse(await clerk.post(apiPaths.meetingItems(meeting.id), { number: '1', title: ITEM_TITLE }));
  paper = AgendaDocument.parse(
    await clerk.uploadPdf(`${apiPaths.itemDocuments(item.id)}?name=${encodeURIComponent('Agenda frontsheet')}&kind=agenda`, readFileSync(corpusPath(PAPER))),
  );
  await clerk.post(apiPaths.publish(meeting.id), { changeNote: null });

  // One after the other: the first host start may build the renderer.
  hostA = await startHostProcess({ serverUrl: relay.url, username: 'member', password: demoPassword(server.dataDir, 'member') });
  hostB = await startHostProcess({ serverUrl: relay.url, username: 'member2', password: demoPassword(server.dataDir, 'member2') });
  const seq = await latestSeq(server.url);
  await Promise.all([waitUntilSynced(hostA, seq), waitUntilSynced(hostB, seq)]);
  ({ context: contextA, page: pageA } = await openContext(browser, hostA));
  ({ context: contextB, page: pageB } = await openContext(browser, hostB));
});

test.afterAll(async () => {
  await contextA?.close();
  await contextB?.close();
  await hostA?.stop();
  await hostB?.stop();
  await relay?.close();
  await server?.stop();
});

async function openContext(browser: Browser, host: HostProcess): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(host.url);
  return { context, page };
}

/** Opens the meeting's paper (any version) and waits until page `pageNumber` has its text. */
async function openPaper(page: Page, pageNumber = 1): Promise<void> {
  await page.getByRole('link', { name: MEETING_TITLE }).click();
  await page.getByRole('button', { name: ITEM_TITLE }).click();
  await expect(page.getByTestId('annotation-toolbar')).toBeVisible({ timeout: 60_000 });
  await expect(page.locator(`[data-page-number="${pageNumber}"] .textLayer span`).first()).toBeVisible({ timeout: 60_000 });
}

async function goToPage(page: Page, pageNumber: number): Promise<void> {
  await page.getByLabel(/^Go to page/).fill(String(pageNumber));
  await page.getByLabel(/^Go to page/).press('Enter');
  await expect(page.getByTestId('page-indicator')).toHaveText(new RegExp(`^Page ${pageNumber} of`));
  await expect(page.locator(`[data-page-number="${pageNumber}"] .textLayer span`).first()).toBeVisible({ timeout: 30_000 });
}

/** Drags the mouse across the text layer span holding `text`, with the highlight tool on. */
async function highlightText(page: Page, pageNumber: number, text: string): Promise<void> {
  await page.getByTestId('annotation-tool-highlight').click();
  const span = page.locator(`[data-page-number="${pageNumber}"] .textLayer span`, { hasText: text }).first();
  await span.scrollIntoViewIfNeeded();
  const box = (await span.boundingBox())!;
  await page.mouse.move(box.x + 1, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
  await page.mouse.move(box.x + box.width - 1, box.y + box.height / 2, { steps: 4 });
  await page.mouse.up();
}

/** Places a note with the note tool at a fraction of the page's size. */
async function addNote(page: Page, pageNumber: number, text: string, at = { x: 0.7, y: 0.3 }): Promise<void> {
  await page.getByTestId('annotation-tool-note').click();
  const pageBox = (await page.locator(`[data-page-number="${pageNumber}"]`).boundingBox())!;
  await page.locator(`[data-page-number="${pageNumber}"] [data-testid="annotation-surface"]`).click({
    position: { x: pageBox.width * at.x, y: pageBox.height * at.y },
  });
  await page.getByTestId('note-editor').getByLabel('Note').fill(text);
  await page.getByTestId('note-editor').getByRole('button', { name: 'Save' }).click();
}

async function openList(page: Page): Promise<void> {
  if ((await page.getByTestId('pdf-sidebar').count()) === 0) await page.getByTestId('viewer-sidebar-toggle').click();
  await page.getByTestId('sidebar-annotations-tab').click();
}

function entry(page: Page, text: string) {
  return page.getByTestId('annotation-list').getByTestId('annotation-entry').filter({ hasText: text });
}

/** Opens an entry of the list (choosing one already open would close it). */
async function openEntry(page: Page, text: string) {
  const found = entry(page, text);
  const button = found.locator('.annotation-entry__button');
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  await expect(found.getByTestId('annotation-thread')).toBeVisible();
  return found;
}

test('A’s shared highlight and note appear on B’s page; B’s reply appears on A', async () => {
  test.setTimeout(180_000);
  await openPaper(pageA);
  await pageA.getByTestId('annotation-layer').selectOption('shared');
  await highlightText(pageA, 1, PAGE_ONE_WORD);
  const highlightOnA = pageA.locator('[data-page-number="1"] .annotation-mark--highlight[data-layer="shared"]');
  await expect(highlightOnA).toHaveCount(1);
  await expect(highlightOnA.locator('rect').first()).toBeVisible();
  await addNote(pageA, 1, 'Check the start time with the chair');
  await expect(pageA.locator('[data-page-number="1"] [data-testid="annotation-pin"][data-layer="shared"]')).toHaveCount(1);

  await openPaper(pageB);
  const highlightOnB = pageB.locator('[data-page-number="1"] .annotation-mark--highlight[data-layer="shared"]');
  await expect(highlightOnB).toHaveCount(1, { timeout: 30_000 });
  for (const page of [pageA, pageB]) await expect(page.getByTestId('annotation-status')).toHaveAttribute('data-connection', 'online');
  await expect(highlightOnB.locator('title')).toContainText('Cllr Tom Evans');
  await expect(highlightOnB.locator('title')).toContainText(PAGE_ONE_WORD);
  const pinOnB = pageB.locator('[data-page-number="1"] [data-testid="annotation-pin"]');
  await expect(pinOnB).toHaveCount(1);
  await expect(pinOnB).toHaveAttribute('aria-label', /Note by Cllr Tom Evans.*Check the start time with the chair/);
  // The same place on both screens: the marks are stored in page coordinates.
  const boxA = (await highlightOnA.locator('rect').first().boundingBox())!;
  const pageBoxA = (await pageA.locator('[data-page-number="1"]').boundingBox())!;
  const boxB = (await highlightOnB.locator('rect').first().boundingBox())!;
  const pageBoxB = (await pageB.locator('[data-page-number="1"]').boundingBox())!;
  expect(Math.abs((boxA.x - pageBoxA.x) / pageBoxA.width - (boxB.x - pageBoxB.x) / pageBoxB.width)).toBeLessThan(0.01);

  // B replies in the thread of A's note.
  await pinOnB.click();
  const noteEntryB = entry(pageB, 'Check the start time with the chair');
  await expect(noteEntryB.getByTestId('annotation-thread')).toBeVisible();
  await noteEntryB.getByPlaceholder('Write a reply').fill('Agreed, 9.30 is early');
  await noteEntryB.getByRole('button', { name: 'Reply' }).click();
  await expect(noteEntryB.getByTestId('annotation-reply')).toContainText('Agreed, 9.30 is early');
  // B may not delete or share A's note.
  await expect(noteEntryB.getByTestId('annotation-delete')).toHaveCount(0);

  await expect(pageA.locator('[data-page-number="1"] [data-testid="annotation-pin"]')).toHaveAttribute('data-replies', '1', { timeout: 30_000 });
  await expect(pageA.locator('[data-page-number="1"] [data-testid="annotation-pin"]')).toHaveAttribute('aria-label', /1 reply/);
  await openList(pageA);
  const noteEntryA = await openEntry(pageA, 'Check the start time with the chair');
  await expect(noteEntryA.getByTestId('annotation-reply')).toContainText('Agreed, 9.30 is early');
  await expect(noteEntryA.getByTestId('annotation-reply')).toContainText('Cllr Grace Okafor');
  await expectNoSeriousAxeViolations(pageA);
  await pageA.screenshot({ path: test.info().outputPath('annotations-a.png') });
});

test('A’s private note never reaches B, and B cannot open A’s private layer', async () => {
  test.setTimeout(120_000);
  await pageA.getByTestId('annotation-layer').selectOption('private');
  await addNote(pageA, 1, 'Private: ask about parking', { x: 0.3, y: 0.6 });
  await expect(pageA.locator('[data-page-number="1"] [data-testid="annotation-pin"][data-layer="private"]')).toHaveCount(1);
  // Then a shared one: once B has it, B has had every change A made before it.
  await pageA.getByTestId('annotation-layer').selectOption('shared');
  await addNote(pageA, 1, 'Shared after the private one', { x: 0.5, y: 0.8 });
  await expect(pageB.locator('[data-page-number="1"] [data-testid="annotation-pin"]')).toHaveCount(2, {
    timeout: 30_000,
  });
  await expect(pageB.locator('[data-page-number="1"] [data-testid="annotation-pin"][aria-label*="Shared after the private one"]')).toHaveCount(1);
  await expect(pageB.locator('[data-page-number="1"] [data-testid="annotation-pin"][aria-label*="parking"]')).toHaveCount(0);
  await openList(pageB);
  await expect(pageB.getByTestId('annotation-list')).not.toContainText('parking');
  // The whole meeting's list (every document's layers) holds the shared ones and links to their page.
  await pageB.getByTestId('annotation-scope-meeting').click();
  const meetingEntries = pageB.getByTestId('meeting-annotation-entry');
  await expect(meetingEntries.filter({ hasText: 'Shared after the private one' })).toHaveCount(1);
  await expect(meetingEntries.filter({ hasText: PAGE_ONE_WORD })).toHaveAttribute('data-page', '1');
  await expect(pageB.getByTestId('annotation-meeting')).not.toContainText('parking');
  await pageB.getByRole('button', { name: 'This document' }).click();

  // Straight to the server with B's token: A's private layer is refused at the upgrade.
  const memberA = await ApiClient.login(server.url, 'member', demoPassword(server.dataDir, 'member'));
  const memberB = await ApiClient.login(server.url, 'member2', demoPassword(server.dataDir, 'member2'));
  const userA = UserProfile.parse(await memberA.get(apiPaths.me));
  const privateOfA = yjsDocName.privateAnnotations(userA.id, paper.id);
  const refusal = await new Promise<number | string>((resolve) => {
    const socket = new WebSocket(server.url.replace(/^http/, 'ws') + yjsPaths.doc(privateOfA), [`chamber-token.${memberB.token}`]);
    socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 'no status'));
    socket.on('open', () => {
      resolve('opened');
      socket.terminate();
    });
    socket.on('error', () => undefined);
  });
  expect(refusal).toBe(403);
});

test('A draws in ink privately, recolours and shares it, B sees it; A deletes it and it goes from B too', async () => {
  test.setTimeout(120_000);
  await pageA.getByTestId('annotation-layer').selectOption('private');
  await pageA.getByTestId('annotation-colour-green').click();
  await pageA.getByTestId('annotation-tool-ink').click();
  const surface = pageA.locator('[data-page-number="1"] [data-testid="annotation-surface"]');
  // Draw across the part of page 1 in view (earlier notes may have scrolled the page partly away).
  const page = (await surface.boundingBox())!;
  const view = (await pageA.getByTestId('pdf-scroll').boundingBox())!;
  const top = Math.max(page.y, view.y);
  const box = { x: page.x, y: top, width: page.width, height: Math.min(page.y + page.height, view.y + view.height) - top };
  expect(box.height).toBeGreaterThan(100);
  await pageA.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.5);
  await pageA.mouse.down();
  for (let step = 1; step <= 10; step += 1) await pageA.mouse.move(box.x + box.width * (0.2 + step * 0.04), box.y + box.height * (0.5 + (step % 2) * 0.02));
  await pageA.mouse.up();
  const inkOnA = pageA.locator('[data-page-number="1"] .annotation-mark--ink');
  await expect(inkOnA).toHaveCount(1);
  await expect(inkOnA).toHaveAttribute('data-layer', 'private');
  await expect(inkOnA).toHaveClass(/annotation-colour--green/);
  expect(await inkOnA.locator('polyline').getAttribute('points')).toMatch(/^(\S+,\S+ ){5,}/);

  await pageA.getByTestId('annotation-tool-select').click();
  await openList(pageA);
  const inkEntry = await openEntry(pageA, 'Drawing');
  await inkEntry.getByRole('button', { name: 'Blue' }).click();
  await expect(inkOnA).toHaveClass(/annotation-colour--blue/);
  await inkEntry.getByTestId('annotation-share').click();
  await expect(inkOnA).toHaveAttribute('data-layer', 'shared');

  const inkOnB = pageB.locator('[data-page-number="1"] .annotation-mark--ink');
  await expect(inkOnB).toHaveCount(1, { timeout: 30_000 });
  await expect(inkOnB).toHaveClass(/annotation-colour--blue/);
  await expect(inkOnB.locator('title')).toContainText('Drawing by Cllr Tom Evans');

  await openEntry(pageA, 'Drawing').then((found) => found.getByTestId('annotation-delete').click());
  await expect(inkOnA).toHaveCount(0);
  await expect(inkOnB).toHaveCount(0, { timeout: 30_000 });
});

test('A annotates while the server is down; B sees it when it is back', async () => {
  test.setTimeout(180_000);
  const dataDir = server.dataDir;
  await server.stop();
  relay.dropConnections();
  await expect(pageA.getByTestId('annotation-status')).toHaveAttribute('data-connection', 'offline', { timeout: 30_000 });
  await pageA.getByTestId('annotation-layer').selectOption('shared');
  await addNote(pageA, 1, 'Written on the train', { x: 0.2, y: 0.2 });
  await expect(pageA.locator('[data-page-number="1"] [data-testid="annotation-pin"][aria-label*="Written on the train"]')).toHaveCount(1);
  await expect(pageB.locator('[data-page-number="1"] [data-testid="annotation-pin"][aria-label*="Written on the train"]')).toHaveCount(0);

  server = await startServerProcess({ dataDir });
  relay.retarget(Number(new URL(server.url).port));
  await expect(pageB.locator('[data-page-number="1"] [data-testid="annotation-pin"][aria-label*="Written on the train"]')).toHaveCount(1, {
    timeout: 60_000,
  });
  await expect(pageA.getByTestId('annotation-status')).toHaveAttribute('data-connection', 'online', { timeout: 30_000 });
});

test('a replaced document carries its highlights forward; what cannot be placed is listed', async () => {
  test.setTimeout(240_000);
  // A also highlights text of page 3, which the new version leaves out.
  await goToPage(pageA, 3);
  await highlightText(pageA, 3, PAGE_THREE_WORDS);
  await expect(pageA.locator('[data-page-number="3"] .annotation-mark--highlight')).toHaveCount(1);

  // Version 2: a new cover page first, then the old pages 1 and 2 (old page 3 is gone).
  const next = await revisedPaper(readFileSync(corpusPath(PAPER)), 'Revised agenda: this page was added in version 2', [0, 1]);
  const clerk = await ApiClient.login(server.url, 'clerk', demoPassword(server.dataDir, 'clerk'));
  const query = new URLSearchParams({ name: 'Agenda frontsheet (revised)', kind: 'agenda', replaces: paper.id });
  const revised = AgendaDocument.parse(await clerk.uploadPdf(`${apiPaths.itemDocuments(item.id)}?${query}`, next));
  expect(revised.version).toBe(2);
  await clerk.post(apiPaths.publish(meeting.id), { changeNote: 'Revised agenda frontsheet' });
  await waitUntilSynced(hostA, await latestSeq(server.url));

  await pageA.goto(hostA.url);
  await openPaper(pageA, 1);
  await expect(pageA.getByRole('heading', { name: 'Agenda frontsheet (revised)' })).toBeVisible();
  const offer = pageA.getByTestId('carry-forward');
  await expect(offer).toContainText(/Version 1 of this document has \d+ annotations/, { timeout: 30_000 });
  await expectNoSeriousAxeViolations(pageA);
  await pageA.screenshot({ path: test.info().outputPath('annotations-carry-offer.png') });
  await pageA.getByTestId('carry-forward-accept').click();
  await expect(pageA.getByTestId('carry-forward-result')).toContainText('could not be placed', { timeout: 60_000 });

  // The page-1 highlight re-anchored by its text on page 2 (old page 1 moved down by the new cover).
  await goToPage(pageA, 2);
  const moved = pageA.locator('[data-page-number="2"] .annotation-mark--highlight');
  await expect(moved).toHaveCount(1);
  await expect(moved.locator('title')).toContainText(PAGE_ONE_WORD);
  const markBox = (await moved.locator('rect').first().boundingBox())!;
  const wordBox = (await pageA.locator('[data-page-number="2"] .textLayer span', { hasText: PAGE_ONE_WORD }).first().boundingBox())!;
  expect(markBox.y).toBeLessThan(wordBox.y + wordBox.height);
  expect(markBox.y + markBox.height).toBeGreaterThan(wordBox.y);
  // The page-3 highlight has no text to land on: kept and listed, not dropped.
  await openList(pageA);
  const unplaced = pageA.getByTestId('annotation-unplaced');
  await expect(unplaced).toContainText(PAGE_THREE_WORDS);
  await pageA.screenshot({ path: test.info().outputPath('annotations-carried.png') });

  // B sees the carried shared highlight on the new version too.
  await waitUntilSynced(hostB, await latestSeq(server.url));
  await pageB.goto(hostB.url);
  await openPaper(pageB, 1);
  await goToPage(pageB, 2);
  await expect(pageB.locator('[data-page-number="2"] .annotation-mark--highlight[data-layer="shared"]')).toHaveCount(1, { timeout: 30_000 });
});
