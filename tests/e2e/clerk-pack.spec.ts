/**
 * Agenda packs end to end, with real processes: the demo council's server and
 * a desktop host each for its clerk and a member, driven from their own
 * browser contexts.
 *
 *   a 10-item meeting with real corpus papers (one item confidential) →
 *   the clerk generates the agenda pack in the builder and publishes → the
 *   member's meetings list marks the meeting new; the meeting shows the pack
 *   and the confidential pack → pack page 40 prints "40" in its corner (pdf.js
 *   in this test) and the viewer shows "Page 40" there → the viewer's outline
 *   lists every public item → a late report goes out as supplement 1 (pages
 *   S1…) with a change note: the member sees the meeting changed, the note,
 *   the new paper and the supplement, marked until opened, while the main pack
 *   is the same file with the same page 40 → the public preview shows the
 *   public pack and never the confidential report or pack. axe finds no
 *   violation of any impact on the screens visited.
 *
 * The meeting is built over the API (clerk-workspace.spec.ts builds one by
 * dropping files in the builder); everything about packs goes through the screens.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { type AgendaDocument, type AgendaItem, type ClerkCommittee, type Meeting, apiPaths } from '../../common/wire.ts';
import { ApiClient } from '../support/api-client.ts';
import { expectNoAxeViolations } from '../support/axe.ts';
import { type ClerkAndMember, startClerkAndMember } from '../support/clerk-and-member.ts';
import { corpusPath } from '../support/corpus.ts';
import { pageCorner } from '../support/pdf-inspect.ts';
import { demoPassword, type ServerProcess } from '../support/server-process.ts';

const MEETING_TITLE = 'Planning Committee (April)';
const CONFIDENTIAL_PAPER = 'Enforcement report (exempt).pdf';

test.describe.configure({ mode: 'serial' });
test.use({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });

let apps: ClerkAndMember | undefined;
let clerkApi: ApiClient;
let memberApi: ApiClient;
let meeting: Meeting;
const items: AgendaItem[] = [];
let clerk: Page;
let member: Page;

test.beforeAll(async ({ browser }) => {
  test.setTimeout(240_000);
  apps = await startClerkAndMember(buildMeeting);
  clerk = await apps.openApp(browser, 'clerk');
});

test.afterAll(async () => {
  await apps?.stop();
});

/** The meeting, over the API as the clerk: ten items (the last confidential) with corpus papers. */
async function buildMeeting(started: ServerProcess): Promise<void> {
  clerkApi = await ApiClient.login(started.url, 'clerk', demoPassword(started.dataDir, 'clerk'));
  memberApi = await ApiClient.login(started.url, 'member', demoPassword(started.dataDir, 'member'));
  const [planning] = await clerkApi.get<ClerkCommittee[]>(apiPaths.clerkCommittees);
  meeting = await clerkApi.post<Meeting>(apiPaths.committeeMeetings(planning!.committee.id), { startsAt: '2027-04-08T17:30:00.000Z', title: MEETING_TITLE });
  for (const title of [
    'Planning application 25/00412/FUL: Land north of Mill Lane',
    'Budget amendments 2025/26',
    'Tree Preservation Order 12/2025',
    'Local Plan Review: consultation response',
    'Highways: residents’ parking review',
    'Any other business',
  ]) {
    await clerkApi.post(apiPaths.meetingItems(meeting.id), { title });
  }
  await clerkApi.post(apiPaths.meetingItems(meeting.id), { title: 'Enforcement: Brook Farm', confidential: true, confidentialReason: 'Paragraph 3, Schedule 12A' });
  items.push(...(await clerkApi.get<{ items: AgendaItem[] }>(apiPaths.clerkMeeting(meeting.id))).items);
  // 14 + 7 + 7 + 48 pages of papers behind the front sheet: page 40 is well inside the pack.
  await upload(2, 'kent_county-council_printed-minutes_2025-02-13.pdf', 'Minutes of 13 February.pdf');
  await upload(3, 'lametro_board_agenda_test.pdf', 'Officer report 25-00412.pdf');
  await upload(3, 'ca_ladwp_board-of-commissioners_agenda.pdf', 'Site plan and appendices.pdf');
  await upload(4, 'kent_county-council_budget-amendments-pack_2025-02-13.pdf', 'Budget amendments.pdf');
  await upload(9, 'chi_ssa21-lincoln-square_minutes_2018-01-29.pdf', CONFIDENTIAL_PAPER);
}

async function upload(index: number, file: string, name: string): Promise<void> {
  await clerkApi.uploadPdf(`${apiPaths.itemDocuments(items[index]!.id)}?${new URLSearchParams({ name })}`, readFileSync(corpusPath(file)));
}

/** The meeting's current public main pack as the member's server account can fetch it. */
async function mainPack(): Promise<AgendaDocument> {
  const detail = await memberApi.get<{ documents: AgendaDocument[] }>(apiPaths.meeting(meeting.id));
  return detail.documents.find((document) => document.name === 'Agenda pack')!;
}

async function bytesOf(document: AgendaDocument): Promise<Uint8Array> {
  const response = await fetch(new URL(apiPaths.documentContent(document.sha256), apps!.server.url), { headers: { authorization: `Bearer ${memberApi.token}` } });
  expect(response.status).toBe(200);
  return new Uint8Array(await response.arrayBuffer());
}

/** The clerk's agenda builder for the meeting, reached as the clerk does: the workspace, then the meeting. */
async function openBuilder(): Promise<void> {
  await clerk.getByRole('link', { name: 'Clerk’s workspace', exact: true }).first().click();
  await clerk.getByRole('region', { name: 'Planning Committee' }).getByRole('link', { name: new RegExp(MEETING_TITLE.replace(/[()]/g, '\\$&')) }).click();
  await expect(clerk.getByRole('heading', { level: 1, name: `Agenda builder: ${MEETING_TITLE}` })).toBeVisible();
}

const indicator = (page: Page) => page.getByTestId('page-indicator');
const packsPanel = (page: Page) => page.getByRole('region', { name: 'Agenda pack' });

test('the clerk generates the agenda pack, and the confidential pack for the exempt item', async () => {
  await openBuilder();
  await expect(clerk.getByRole('heading', { level: 1, name: `Agenda builder: ${MEETING_TITLE}` })).toBeVisible();
  const panel = packsPanel(clerk);
  await expect(panel).toContainText('No agenda pack yet.');
  await expect(panel).toContainText('5 papers are not in a pack yet.');
  await panel.getByRole('button', { name: 'Generate agenda pack' }).click();
  await expect(panel.getByRole('status')).toHaveText(/^Generated: Agenda pack \(pages 1 to \d+\); Confidential agenda pack \(pages C1 to C\d\)\.$/, { timeout: 120_000 });
  const list = panel.getByRole('list', { name: 'Agenda packs of this meeting' });
  await expect(list.getByRole('listitem')).toHaveText([/^Agenda pack: pages 1 to \d+ · 4 papers$/, /^Confidential agenda pack: pages C1 to C\d · 1 paper$/]);
  await expect(panel).toContainText('Every paper is in a pack.');
  // Before publication the clerk may generate it again (after changing papers).
  await expect(panel.getByRole('button', { name: 'Generate the agenda pack again' })).toBeEnabled();
  await expectNoAxeViolations(clerk);
});

test('the public preview shows the public pack, never the confidential report or pack', async () => {
  await clerk.getByRole('link', { name: 'Preview as the public' }).click();
  const preview = clerk.getByRole('region', { name: 'Preview of the meeting' });
  await expect(preview.getByRole('list', { name: 'Agenda pack and meeting documents' })).toContainText('Agenda pack');
  await expect(preview).not.toContainText(CONFIDENTIAL_PAPER);
  await expect(preview).not.toContainText('Confidential agenda pack');
  await expect(preview).not.toContainText('Enforcement: Brook Farm');
  await expectNoAxeViolations(clerk);
  await clerk.getByRole('link', { name: 'Preview as a member' }).click();
  await expect(preview).toContainText('Confidential agenda pack');
  await expect(preview).toContainText(CONFIDENTIAL_PAPER);
  await clerk.getByRole('link', { name: 'Back to the agenda builder' }).click();
});

test('the clerk publishes; the member’s app marks the meeting new and shows both packs', async () => {
  const publish = clerk.getByRole('region', { name: 'Publish' });
  await publish.getByRole('button', { name: 'Publish to the committee' }).click();
  await expect(publish.getByRole('status')).toHaveText('Published as version 1.');

  member = await apps!.openApp(clerk.context().browser()!, 'member');
  const card = member.getByRole('listitem').filter({ has: member.getByRole('link', { name: MEETING_TITLE }) });
  await expect(card.getByText('New', { exact: true })).toBeVisible({ timeout: 60_000 });
  await expectNoAxeViolations(member);
  await card.getByRole('link', { name: MEETING_TITLE }).click();
  const agenda = member.getByRole('navigation', { name: 'Agenda' });
  const packs = agenda.getByRole('list', { name: 'Agenda pack and meeting documents' });
  await expect(packs.getByRole('link')).toHaveText([/^Agenda pack/, /^Confidential agenda pack/]);
  await expect(agenda.getByRole('button')).toHaveCount(10);
});

test('pack page 40 prints 40 and the viewer calls it Page 40; the outline lists every item', async () => {
  const pack = await mainPack();
  const page40 = await pageCorner(await bytesOf(pack), 40);
  expect(page40.cornerTexts).toContain('40');
  expect(page40.label).toBe('40');

  const agenda = member.getByRole('navigation', { name: 'Agenda' });
  await agenda.getByRole('list', { name: 'Agenda pack and meeting documents' }).getByRole('link', { name: /^Agenda pack/ }).click();
  await expect(indicator(member)).toHaveText(`Page 1 of ${pack.pageCount}`, { timeout: 120_000 });
  const goTo = member.getByRole('textbox', { name: /Go to page/ });
  await goTo.fill('40');
  await goTo.press('Enter');
  await expect(indicator(member)).toHaveText(`Page 40 of ${pack.pageCount}`);

  await member.getByTestId('viewer-sidebar-toggle').click();
  const sidebar = member.getByTestId('pdf-sidebar');
  await sidebar.getByRole('button', { name: 'Outline' }).click();
  for (const item of items.filter((candidate) => !candidate.confidential)) {
    await expect(sidebar.getByRole('button', { name: `${item.number}. ${item.title}`, exact: true })).toBeVisible();
  }
  await expect(sidebar).not.toContainText('Enforcement: Brook Farm');
  // The outline jumps: the budget item starts where the front sheet said.
  await sidebar.getByRole('button', { name: `${items[4]!.number}. ${items[4]!.title}`, exact: true }).click();
  await expect(indicator(member)).not.toHaveText(`Page 40 of ${pack.pageCount}`);
  await expectNoAxeViolations(member);
});

test('a late report goes out in supplement 1 with a change note; the member sees it marked until opened; the main pack is unchanged', async () => {
  const before = await mainPack();
  // The member is on the meetings list (while they look at a meeting, its news is seen as it arrives).
  await member.getByRole('link', { name: 'All meetings' }).first().click();
  // The clerk attaches the late report with the file picker, generates the supplement and publishes the change.
  await openBuilder();
  const late = items[7]!;
  await clerk.getByLabel(`Choose PDF files for item ${late.number} ${late.title}`).setInputFiles({
    name: 'Late representations.pdf',
    mimeType: 'application/pdf',
    buffer: readFileSync(corpusPath('chi_police-district-council-001_notice-agenda_2023-06-06.pdf')),
  });
  await expect(clerk.getByRole('list', { name: `Documents for item ${late.number}` })).toContainText('Late representations.pdf', { timeout: 30_000 });
  const panel = packsPanel(clerk);
  await expect(panel).toContainText('1 paper is not in a pack yet.');
  await panel.getByRole('button', { name: 'Generate supplement pack' }).click();
  await expect(panel.getByRole('status')).toHaveText(/^Generated: Supplement 1 to the agenda pack \(pages S1 to S\d\)\.$/, { timeout: 120_000 });
  await expect(panel.getByRole('button', { name: 'Generate agenda pack' })).toBeDisabled();
  const publish = clerk.getByRole('region', { name: 'Publish' });
  await publish.getByLabel('What changed').fill('Late representations for item 8');
  await publish.getByRole('button', { name: 'Publish the changes as a supplement' }).click();
  await expect(publish.getByRole('status')).toHaveText('Published as version 2.');
  await expectNoAxeViolations(clerk);

  // The member's list says the meeting changed, with changes not opened yet.
  const card = member.getByRole('listitem').filter({ has: member.getByRole('link', { name: MEETING_TITLE }) });
  await expect(card.getByText('Changed', { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(card).toContainText('2 changes not opened yet');
  await card.getByRole('link', { name: MEETING_TITLE }).click();

  const changes = member.getByRole('region', { name: 'What changed since you last looked' });
  await expect(changes.getByRole('listitem')).toHaveCount(2);
  const latePaper = changes.getByRole('listitem').filter({ hasText: 'Late representations.pdf' });
  await expect(latePaper).toContainText(`paper of item ${late.number}`);
  await expect(latePaper).toContainText('Changed: Late representations for item 8');
  await expect(changes.getByRole('listitem').filter({ hasText: 'Supplement 1 to the agenda pack' })).toContainText('Changed: Late representations for item 8');
  const agenda = member.getByRole('navigation', { name: 'Agenda' });
  await expect(agenda.getByRole('list', { name: `Documents for item ${late.number}` })).toContainText('New');
  await expectNoAxeViolations(member);

  // Opening the supplement: its pages are labelled S1…, and its mark goes.
  await changes.getByRole('link', { name: 'Supplement 1 to the agenda pack' }).click();
  await expect(indicator(member)).toHaveText(/^Page S1 \(1 of \d+\)$/, { timeout: 120_000 });
  await expect(changes.getByRole('listitem')).toHaveCount(1);
  await changes.getByRole('link', { name: 'Late representations.pdf' }).click();
  await expect(changes).toHaveCount(0);
  await expect(agenda.getByRole('list', { name: `Documents for item ${late.number}` })).not.toContainText('New');

  // The main pack is the same file: page 40 still prints 40.
  const after = await mainPack();
  expect([after.id, after.sha256]).toEqual([before.id, before.sha256]);
  expect((await pageCorner(await bytesOf(after), 40)).cornerTexts).toContain('40');
});
