/**
 * Presence and follow-the-presenter, end to end with real processes: one
 * authority server (demo council), three desktop hosts (the chair, Cllr Tom
 * Evans who follows, Cllr Grace Okafor who does not) and three Chromium
 * contexts in browser mode.
 *
 * Members see who else has the paper open and on which page; the chair
 * presents; the follower's viewer goes to the chair's page and then to the
 * chair's other document; the non-follower stays where they are; scrolling
 * away leaves follow mode; the viewer with its presence bar passes axe.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { z } from 'zod';
import { AgendaDocument, AgendaItem, Committee, Meeting, UserProfile, apiPaths } from '../../common/wire.ts';
import { ApiClient } from '../support/api-client.ts';
import { expectNoSeriousAxeViolations } from '../support/axe.ts';
import { corpusPath } from '../support/corpus.ts';
import { demoPassword } from '../support/host-council.ts';
import { latestSeq, startHostProcess, waitUntilSynced, type HostProcess } from '../support/host-process.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';

const MEETING_TITLE = 'Planning Committee (presence)';
const FIRST_ITEM = 'Agenda and summons';
const SECOND_ITEM = 'Water and power board papers';
/** 3 pages and 7 pages. */
const FIRST_PAPER = 'kent_county-council_agenda-frontsheet_2025-02-13.pdf';
const SECOND_PAPER = 'ca_ladwp_board-of-commissioners_agenda.pdf';

test.describe.configure({ mode: 'serial' });
test.use({ locale: 'en-GB', viewport: { width: 1280, height: 800 } });

interface Person {
  host: HostProcess;
  context: BrowserContext;
  page: Page;
  profile: UserProfile;
}

let server: ServerProcess;
let chair: Person;
let follower: Person;
let bystander: Person;
let firstPaper: AgendaDocument;
let secondPaper: AgendaDocument;

test.beforeAll(async ({ browser }) => {
  test.setTimeout(300_000);
  server = await startServerProcess({ seed: 'demo' });
  const clerk = await ApiClient.login(server.url, 'clerk', demoPassword(server.dataDir, 'clerk'));
  const committee = z.array(Committee).parse(await clerk.get(apiPaths.committees)).find((c) => c.name === 'Planning Committee')!;
  const meeting = Meeting.parse(
    await clerk.post(apiPaths.meetings, {
      committeeId: committee.id,
      title: MEETING_TITLE,
      startsAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
      venue: 'Council Chamber',
    }),
  );
  const upload = async (number: string, title: string, file: string, name: string): Promise<AgendaDocument> => {
    const item = AgendaItem.parse(await clerk.post(apiPaths.meetingItems(meeting.id), { number, title }));
    return AgendaDocument.parse(
      await clerk.uploadPdf(`${apiPaths.itemDocuments(item.id)}?name=${encodeURIComponent(name)}&kind=agenda`, readFileSync(corpusPath(file))),
    );
  };
  firstPaper = await upload('1', FIRST_ITEM, FIRST_PAPER, 'Agenda frontsheet');
  secondPaper = await upload('2', SECOND_ITEM, SECOND_PAPER, 'Board agenda');
  await clerk.post(apiPaths.publish(meeting.id), { changeNote: null });

  // One after the other: the first host start may build the renderer.
  chair = await startPerson(browser, 'chair');
  follower = await startPerson(browser, 'member');
  bystander = await startPerson(browser, 'member2');
});

test.afterAll(async () => {
  for (const person of [chair, follower, bystander]) {
    await person?.context.close();
    await person?.host.stop();
  }
  await server?.stop();
});

async function startPerson(browser: Browser, username: string): Promise<Person> {
  const password = demoPassword(server.dataDir, username);
  const host = await startHostProcess({ serverUrl: server.url, username, password });
  await waitUntilSynced(host, await latestSeq(server.url));
  const profile = await (await ApiClient.login(server.url, username, password)).get<UserProfile>(apiPaths.me);
  const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(host.url);
  return { host, context, page, profile };
}

/** Opens an item's paper from the agenda and waits for page 1's text. */
async function openItem(page: Page, itemTitle: string): Promise<void> {
  if (!(await page.getByTestId('agenda').isVisible())) await page.getByRole('link', { name: MEETING_TITLE }).click();
  await page.getByRole('button', { name: itemTitle }).click();
  await expect(page.getByTestId('presence-bar')).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('[data-page-number="1"] .textLayer span').first()).toBeVisible({ timeout: 60_000 });
}

async function goToPage(page: Page, pageNumber: number): Promise<void> {
  await page.getByLabel(/^Go to page/).fill(String(pageNumber));
  await page.getByLabel(/^Go to page/).press('Enter');
  await expect(page.getByTestId('page-indicator')).toHaveText(new RegExp(`^Page ${pageNumber} of`));
}

function reader(page: Page, person: Person) {
  return page.locator(`[data-testid="presence-reader"][data-user-id="${person.profile.id}"]`);
}

test('members see who else has the paper open, and on which page', async () => {
  await openItem(chair.page, FIRST_ITEM);
  await openItem(follower.page, FIRST_ITEM);
  await openItem(bystander.page, FIRST_ITEM);

  await expect(reader(follower.page, chair)).toHaveAttribute('data-page', '1', { timeout: 30_000 });
  await expect(reader(follower.page, chair)).toContainText('PS');
  await expect(reader(follower.page, bystander)).toBeVisible();
  await expect(reader(chair.page, follower)).toBeVisible();
  await expect(follower.page.getByRole('list', { name: 'Also reading:' })).toContainText(`${chair.profile.displayName}, on page 1`);

  await goToPage(chair.page, 2);
  await expect(reader(follower.page, chair)).toHaveAttribute('data-page', '2');
  await expect(reader(bystander.page, chair)).toHaveAttribute('data-page', '2');
  // Members cannot present; the chair can.
  await expect(follower.page.getByTestId('present-toggle')).toHaveCount(0);
  await expect(chair.page.getByTestId('present-toggle')).toHaveText('Present');
});

test("the chair presents: a follower is taken to the chair's page and document; a non-follower stays", async () => {
  await chair.page.getByTestId('present-toggle').click();
  await expect(chair.page.getByTestId('presenting-status')).toContainText('Presenting');
  await expect(follower.page.getByTestId('follow-status')).toHaveText(`${chair.profile.displayName} is presenting.`);

  await follower.page.getByRole('button', { name: 'Follow presenter' }).click();
  await expect(follower.page.getByTestId('follow-status')).toHaveText(`Following ${chair.profile.displayName} · page 2`);
  await expect(follower.page.getByTestId('page-indicator')).toHaveText(/^Page 2 of 3/);
  await expect(chair.page.getByTestId('presenting-status')).toContainText('1 following');

  await goToPage(chair.page, 3);
  await expect(follower.page.getByTestId('page-indicator')).toHaveText(/^Page 3 of 3/);

  // The chair moves to the next item's paper: the follower's viewer opens it at the chair's page.
  await chair.page.getByRole('button', { name: SECOND_ITEM }).click();
  await expect(chair.page.getByTestId('document-viewer')).toHaveAttribute('data-document-id', secondPaper.id);
  await expect(chair.page.locator('[data-page-number="1"] .textLayer span').first()).toBeVisible({ timeout: 60_000 });
  await goToPage(chair.page, 5);
  await expect(follower.page.getByTestId('document-viewer')).toHaveAttribute('data-document-id', secondPaper.id, { timeout: 30_000 });
  await expect(follower.page.getByTestId('page-indicator')).toHaveText(/^Page 5 of 7/, { timeout: 30_000 });
  await expect(follower.page.getByTestId('follow-status')).toHaveText(`Following ${chair.profile.displayName} · page 5`);

  // The member who did not follow was never moved.
  await expect(bystander.page.getByTestId('document-viewer')).toHaveAttribute('data-document-id', firstPaper.id);
  await expect(bystander.page.getByTestId('page-indicator')).toHaveText(/^Page 1 of 3/);
  await expect(bystander.page.getByTestId('follow-toggle')).toHaveAttribute('aria-pressed', 'false');
});

test('the follower and the presence bar pass axe', async () => {
  await expectNoSeriousAxeViolations(follower.page);
  await expectNoSeriousAxeViolations(chair.page, '[data-testid="presence-bar"]');
  await follower.page.screenshot({ path: test.info().outputPath('follower.png') });
  await chair.page.screenshot({ path: test.info().outputPath('presenter.png') });
});

test('scrolling away leaves follow mode; the presenter no longer moves that reader', async () => {
  const scroll = follower.page.getByTestId('pdf-scroll');
  await scroll.hover();
  await follower.page.mouse.wheel(0, -2500);
  await expect(follower.page.getByTestId('follow-toggle')).toHaveAttribute('aria-pressed', 'false');
  await expect(follower.page.getByTestId('follow-status')).toHaveText(/stopped following/);
  const pageAfterScroll = await follower.page.getByTestId('page-indicator').textContent();

  await goToPage(chair.page, 7);
  await expect(reader(follower.page, chair)).toHaveAttribute('data-page', '7');
  await expect(follower.page.getByTestId('page-indicator')).toHaveText(pageAfterScroll ?? '');
  await expect(chair.page.getByTestId('presenting-status')).toContainText('0 following');

  // Following again catches up at once; Stop leaves.
  await follower.page.getByRole('button', { name: 'Follow presenter' }).click();
  await expect(follower.page.getByTestId('page-indicator')).toHaveText(/^Page 7 of 7/);
  await follower.page.getByRole('button', { name: 'Stop following' }).click();
  await expect(follower.page.getByTestId('follow-toggle')).toHaveAttribute('aria-pressed', 'false');

  // Stopping the presentation: nobody is presenting any more.
  await chair.page.getByTestId('present-toggle').click();
  await expect(follower.page.getByTestId('follow-status')).toHaveText('Nobody is presenting.');
});
