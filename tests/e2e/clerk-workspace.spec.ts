/**
 * The clerk's workspace end to end, with real processes: the demo council's
 * server, and a desktop host each for its clerk and a member, driven from
 * their own browser contexts.
 *
 *   the clerk opens the workspace (only clerks see it) → creates a meeting from
 *   the committee's defaults (standing items on the agenda) → adds items up to
 *   ten → drops real corpus PDFs on items (a real drop: a DataTransfer holding
 *   File objects), the not-a-PDF file refused by name while the two good ones
 *   upload, and one more paper through the file picker → reorders by dragging
 *   and by keyboard → nests an item → marks one confidential with its Schedule
 *   12A reason → previews as a member and as the public → publishes; the
 *   member's app shows the meeting with its ten items, papers and the
 *   confidential mark → a replaced report goes out as a supplement with its
 *   change note → postponing with a reason reaches the member's app. axe
 *   finds no violation of any impact on the clerk's screens.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectNoAxeViolations } from '../support/axe.ts';
import { type ClerkAndMember, startClerkAndMember } from '../support/clerk-and-member.ts';
import { corpusPath } from '../support/corpus.ts';

const MEETING_TITLE = 'Planning Committee (March)';
const NOT_A_PDF = 'duisburg_rat_2025-02-24_NOT-A-PDF_json.pdf';
/** Set CHAMBER_SCREENSHOTS=dir to keep screenshots of the screens for a look. */
const screenshotDir = process.env.CHAMBER_SCREENSHOTS;

test.describe.configure({ mode: 'serial' });
test.use({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });

let apps: ClerkAndMember | undefined;
let clerk: Page;
let member: Page;

test.beforeAll(async ({ browser }) => {
  test.setTimeout(180_000);
  apps = await startClerkAndMember();
  clerk = await apps.openApp(browser, 'clerk');
});

test.afterAll(async () => {
  await apps?.stop();
});

async function snapshot(page: Page, name: string): Promise<void> {
  if (screenshotDir) await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}

/** The agenda as the builder lists it: "number title" per item, in order (sub-items after their parent). */
async function agendaOrder(page: Page): Promise<string[]> {
  const handles = page.getByRole('button', { name: /^Reorder item / });
  const names = await handles.evaluateAll((elements) => elements.map((element) => element.getAttribute('aria-label') ?? ''));
  return names.map((name) => name.replace(/^Reorder item /, '').replace(/ \(drag, or Alt\+Arrow Up and Down\)$/, ''));
}

/** Drops files on a drop zone the way a browser does: dragenter, dragover and drop with a DataTransfer holding File objects. */
async function dropFiles(page: Page, zone: Locator, files: { name: string; file: string }[]): Promise<void> {
  const payload = files.map(({ name, file }) => ({ name, base64: readFileSync(corpusPath(file)).toString('base64') }));
  const dataTransfer = await page.evaluateHandle((entries) => {
    // The page's DataTransfer (the test project's types are Node's, without the DOM).
    const { DataTransfer: PageDataTransfer } = globalThis as unknown as { DataTransfer: new () => { items: { add(file: File): void } } };
    const transfer = new PageDataTransfer();
    for (const entry of entries) {
      const binary = atob(entry.base64);
      const bytes = new Uint8Array(binary.length);
      for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
      transfer.items.add(new File([bytes], entry.name, { type: 'application/pdf' }));
    }
    return transfer;
  }, payload);
  for (const type of ['dragenter', 'dragover', 'drop']) await zone.dispatchEvent(type, { dataTransfer });
}

async function dragOnto(page: Page, source: Locator, target: Locator): Promise<void> {
  await source.scrollIntoViewIfNeeded();
  const from = await source.boundingBox();
  const to = await target.boundingBox();
  if (!from || !to) throw new Error('drag handles are not on screen');
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2 + 8, { steps: 4 });
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 20 });
  await page.mouse.up();
}

const handle = (page: Page, title: string) => page.getByRole('button', { name: new RegExp(`^Reorder item \\S+ ${title}`) });

test('only clerks have the workspace; the clerk makes a meeting from the committee defaults', async () => {
  const memberApp = await apps!.openApp(clerk.context().browser()!, 'member');
  await expect(memberApp.getByRole('link', { name: 'Clerk’s workspace' })).toHaveCount(0);
  await memberApp.context().close();

  await clerk.getByRole('link', { name: 'Clerk’s workspace' }).click();
  await expect(clerk.getByRole('heading', { level: 1, name: 'Clerk’s workspace' })).toBeVisible();
  const planning = clerk.getByRole('region', { name: 'Planning Committee' });
  await expect(planning.getByRole('link', { name: 'Planning Committee', exact: true })).toBeVisible();
  await planning.getByText('Members and rules').click();
  await expect(planning.getByRole('list', { name: 'Members of Planning Committee' })).toContainText('Cllr Priya Shah — Chair');
  await expectNoAxeViolations(clerk);
  await snapshot(clerk, 'clerk-workspace');

  // The committee's defaults: venue, start time, quorum; the standing items stay as they are.
  await planning.getByText('Defaults for new meetings').click();
  const defaults = planning.getByRole('form', { name: 'Defaults for new meetings of Planning Committee' });
  await expect(defaults.getByLabel('Standing items')).toHaveValue('Apologies for absence\nDeclarations of interest\nMinutes of the previous meeting');
  await defaults.getByLabel('Usual venue').fill('Council Chamber, Town Hall');
  await defaults.getByLabel('Usual start time').fill('18:30');
  await defaults.getByLabel('Quorum rule').selectOption({ label: 'A number of voting members' });
  await defaults.getByLabel('Voting members', { exact: true }).fill('3');
  await expectNoAxeViolations(clerk);
  await defaults.getByRole('button', { name: 'Save the defaults' }).click();
  await expect(defaults.getByRole('status')).toHaveText('Defaults saved.');
  await expect(planning).toContainText('Quorum: 3 voting members.');

  const form = planning.getByRole('form', { name: 'New meeting of Planning Committee' });
  await expect(form).toContainText('with its 3 standing items on the agenda');
  await expect(form.getByLabel('Start time')).toHaveValue('18:30');
  await expect(form.getByLabel('Venue')).toHaveValue('Council Chamber, Town Hall');
  await form.getByLabel('Date').fill('2027-03-04');
  await form.getByLabel('Title').fill(MEETING_TITLE);
  await form.getByRole('button', { name: 'Create the meeting' }).click();
  await expect(clerk.getByRole('heading', { level: 1, name: `Agenda builder: ${MEETING_TITLE}` })).toBeVisible();
  await expect.poll(() => agendaOrder(clerk)).toEqual(['1 Apologies for absence', '2 Declarations of interest', '3 Minutes of the previous meeting']);
});

test('the clerk adds items up to ten, numbered by their place', async () => {
  const add = clerk.getByRole('form', { name: 'Add an item' });
  for (const title of [
    'Planning application 25/00412/FUL: Land north of Mill Lane',
    'Tree Preservation Order 12/2025',
    'Budget amendments 2025/26',
    'Local Plan Review: consultation response',
    'Highways: residents’ parking review',
    'Enforcement: Brook Farm',
    'Any other business',
  ]) {
    await add.getByLabel('Item title').fill(title);
    await add.getByRole('button', { name: 'Add the item' }).click();
    await expect(add.getByRole('status')).toContainText(`: ${title}.`);
  }
  await expect.poll(() => agendaOrder(clerk)).toEqual([
    '1 Apologies for absence', '2 Declarations of interest', '3 Minutes of the previous meeting',
    '4 Planning application 25/00412/FUL: Land north of Mill Lane', '5 Tree Preservation Order 12/2025', '6 Budget amendments 2025/26',
    '7 Local Plan Review: consultation response', '8 Highways: residents’ parking review', '9 Enforcement: Brook Farm', '10 Any other business',
  ]);
});

test('dropping three files refuses the one that is not a PDF, by name, and uploads the other two; the picker adds more', async () => {
  const zone = clerk.getByRole('group', { name: 'Papers for item 4 Planning application 25/00412/FUL: Land north of Mill Lane' });
  await dropFiles(clerk, zone, [
    { name: 'Officer report 25-00412.pdf', file: 'lametro_board_agenda_test.pdf' },
    { name: NOT_A_PDF, file: NOT_A_PDF },
    { name: 'Site plan and appendices.pdf', file: 'ca_ladwp_board-of-commissioners_agenda.pdf' },
  ]);
  await expect(zone.getByRole('alert')).toHaveText(`${NOT_A_PDF} was not uploaded: it is not a PDF.`, { timeout: 30_000 });
  await expect(zone.getByRole('status').filter({ hasText: 'Officer report 25-00412.pdf uploaded' })).toBeVisible();
  await expect(zone.getByRole('status').filter({ hasText: 'Site plan and appendices.pdf uploaded' })).toContainText('(150,572 bytes)');
  const papers = clerk.getByRole('list', { name: 'Documents for item 4' });
  await expect(papers.getByRole('listitem')).toHaveText([/^Officer report 25-00412\.pdf/, /^Site plan and appendices\.pdf/]);

  // A big pack: its bytes are counted as they go, then it is stored.
  const budget = clerk.getByRole('group', { name: /^Papers for item 6 Budget amendments/ });
  await dropFiles(clerk, budget, [{ name: 'Budget amendments pack.pdf', file: 'kent_county-council_budget-amendments-pack_2025-02-13.pdf' }]);
  await expect(budget.getByRole('status')).toHaveText('Budget amendments pack.pdf uploaded (2,311,219 bytes).', { timeout: 60_000 });

  const minutes = clerk.getByRole('group', { name: 'Papers for item 3 Minutes of the previous meeting' });
  await minutes.getByLabel('Choose PDF files for item 3 Minutes of the previous meeting').setInputFiles(corpusPath('kent_county-council_printed-minutes_2025-02-13.pdf'));
  await expect(minutes.getByRole('status')).toContainText('uploaded (124,307 bytes)', { timeout: 30_000 });
  await dropFiles(clerk, clerk.getByRole('group', { name: 'Papers for item 9 Enforcement: Brook Farm' }), [
    { name: 'Enforcement report (exempt).pdf', file: 'chi_ssa21-lincoln-square_minutes_2018-01-29.pdf' },
  ]);
  await expect(clerk.getByRole('list', { name: 'Documents for item 9' })).toContainText('Enforcement report (exempt).pdf', { timeout: 30_000 });
  await expectNoAxeViolations(clerk);
  await snapshot(clerk, 'clerk-builder-papers');
});

test('the clerk reorders by dragging and by keyboard, and nests an item; numbers follow', async () => {
  // Drag "Highways" onto "Local Plan Review": the two swap places.
  await dragOnto(clerk, handle(clerk, 'Highways'), handle(clerk, 'Local Plan Review'));
  await expect.poll(() => agendaOrder(clerk)).toEqual([
    '1 Apologies for absence', '2 Declarations of interest', '3 Minutes of the previous meeting',
    '4 Planning application 25/00412/FUL: Land north of Mill Lane', '5 Tree Preservation Order 12/2025', '6 Budget amendments 2025/26',
    '7 Highways: residents’ parking review', '8 Local Plan Review: consultation response', '9 Enforcement: Brook Farm', '10 Any other business',
  ]);
  await expect(clerk.getByText('Highways: residents’ parking review moved to place 7 of 10.')).toBeAttached();

  // Keyboard: Alt+Arrow Down on the Tree Preservation Order's handle swaps it with the budget item…
  await handle(clerk, 'Tree Preservation Order').focus();
  await clerk.keyboard.press('Alt+ArrowDown');
  await expect(clerk.getByText('Tree Preservation Order 12/2025 moved to place 6 of 10.')).toBeAttached();
  await expect(handle(clerk, 'Tree Preservation Order')).toBeFocused();
  // …and the Move up button takes "Any other business" above the enforcement item.
  await clerk.getByRole('button', { name: 'Move up: 10 Any other business' }).click();
  await expect.poll(() => agendaOrder(clerk)).toEqual([
    '1 Apologies for absence', '2 Declarations of interest', '3 Minutes of the previous meeting',
    '4 Planning application 25/00412/FUL: Land north of Mill Lane', '5 Budget amendments 2025/26', '6 Tree Preservation Order 12/2025',
    '7 Highways: residents’ parking review', '8 Local Plan Review: consultation response', '9 Any other business', '10 Enforcement: Brook Farm',
  ]);

  // The budget papers went with their item.
  await expect(clerk.getByRole('list', { name: 'Documents for item 5' })).toContainText('Budget amendments pack.pdf');
  // The Tree Preservation Order becomes a sub-item of the item above it… and goes back to being an item.
  await clerk.getByRole('button', { name: 'Make sub-item: 6 Tree Preservation Order 12/2025' }).click();
  await expect.poll(() => agendaOrder(clerk)).toContain('5a Tree Preservation Order 12/2025');
  await expect(clerk.getByRole('list', { name: 'Sub-items of Budget amendments 2025/26' })).toBeVisible();
  await clerk.getByRole('button', { name: 'Move out: 5a Tree Preservation Order 12/2025' }).click();
  await expect.poll(() => agendaOrder(clerk)).toContain('6 Tree Preservation Order 12/2025');
});

test('the clerk marks the enforcement item confidential with its Schedule 12A reason', async () => {
  await clerk.getByRole('button', { name: 'Edit: 10 Enforcement: Brook Farm' }).click();
  const editor = clerk.getByRole('form', { name: 'Edit: 10 Enforcement: Brook Farm' });
  await editor.getByLabel('Confidential (exempt from publication)').check();
  const reason = editor.getByLabel('Exemption reason');
  await expect(reason.locator('option')).toHaveCount(8);
  await reason.selectOption('Paragraph 3, Schedule 12A');
  await expect(editor).toContainText('Information relating to the financial or business affairs of any particular person');
  await expectNoAxeViolations(clerk);
  await editor.getByRole('button', { name: 'Save the item' }).click();
  await expect(editor).toHaveCount(0);
  await expect(clerk.getByText('Confidential: Paragraph 3, Schedule 12A')).toBeVisible();
});

test('previews show the meeting as a member and as the public will see it', async () => {
  await clerk.getByRole('link', { name: 'Preview as a member' }).click();
  const preview = clerk.getByRole('region', { name: 'Preview of the meeting' });
  await expect(preview.getByText('Enforcement: Brook Farm')).toBeVisible();
  await expect(preview.getByText('Enforcement report (exempt).pdf')).toBeVisible();
  await expectNoAxeViolations(clerk);
  await snapshot(clerk, 'clerk-preview-member');

  await clerk.getByRole('link', { name: 'Preview as the public' }).click();
  await expect(clerk.getByRole('heading', { level: 1, name: 'Preview: as the public will see it' })).toBeVisible();
  await expect(preview.getByText('Exempt item')).toBeVisible();
  await expect(preview.getByText('Not for publication: Paragraph 3, Schedule 12A')).toBeVisible();
  await expect(preview.getByText('Enforcement: Brook Farm')).toHaveCount(0);
  await expect(preview.getByText('Enforcement report (exempt).pdf')).toHaveCount(0);
  await expect(preview.getByText('Officer report 25-00412.pdf')).toBeVisible();
  await expectNoAxeViolations(clerk);
  await clerk.getByRole('link', { name: 'Back to the agenda builder' }).click();
});

test('the clerk publishes and the member’s app shows the meeting, its ten items, papers and the confidential mark', async () => {
  const publish = clerk.getByRole('region', { name: 'Publish' });
  await publish.getByRole('button', { name: 'Publish to the committee' }).click();
  await expect(publish.getByRole('status')).toHaveText('Published as version 1.');
  await expect(clerk.getByRole('region', { name: 'Meeting' }).getByText('Published', { exact: true })).toBeVisible();
  await expectNoAxeViolations(clerk);

  member = await apps!.openApp(clerk.context().browser()!, 'member');
  await member.getByRole('link', { name: MEETING_TITLE }).click({ timeout: 60_000 });
  const agenda = member.getByRole('navigation', { name: 'Agenda' });
  // Each item is a button: number and title.
  await expect(agenda.getByRole('button')).toHaveCount(10);
  await expect(agenda.getByRole('button').nth(9)).toHaveText('10Enforcement: Brook Farm');
  await expect(agenda.getByText('Confidential: Paragraph 3, Schedule 12A')).toBeVisible();
  await expect(agenda.getByRole('list', { name: 'Documents for item 4' })).toContainText('Officer report 25-00412.pdf');
  await expect(agenda.getByRole('list', { name: 'Documents for item 4' })).toContainText('Site plan and appendices.pdf');
  await expect(agenda.getByRole('list', { name: 'Documents for item 5' })).toContainText('Budget amendments pack.pdf');
  await expect(agenda).not.toContainText(NOT_A_PDF);
  await snapshot(member, 'member-sees-meeting');
});

test('a replaced report goes out as a supplement with its change note, and reaches the member', async () => {
  await clerk.getByLabel('Replace Officer report 25-00412.pdf with a new version').setInputFiles({
    name: 'Officer report 25-00412 (revised).pdf',
    mimeType: 'application/pdf',
    buffer: readFileSync(corpusPath('epa_planning-commission_minutes_2020-01-27.pdf')),
  });
  const papers = clerk.getByRole('list', { name: 'Documents for item 4' });
  await expect(papers).toContainText('Officer report 25-00412 (revised).pdf', { timeout: 30_000 });
  await expect(papers).toContainText('version 2');
  await expect(papers).not.toContainText('Officer report 25-00412.pdf');

  const publish = clerk.getByRole('region', { name: 'Publish' });
  await publish.getByLabel('What changed').fill('Revised officer report for item 4');
  await publish.getByRole('button', { name: 'Publish the changes as a supplement' }).click();
  await expect(publish.getByRole('status')).toHaveText('Published as version 2.');

  const agenda = member.getByRole('navigation', { name: 'Agenda' });
  await expect(agenda.getByRole('list', { name: 'Documents for item 4' })).toContainText('Officer report 25-00412 (revised).pdf', { timeout: 60_000 });
  await expect(agenda).toContainText('Changed: Revised officer report for item 4');
  await expect(agenda.getByRole('list', { name: 'Documents for item 4' })).not.toContainText('Officer report 25-00412.pdf');
});

test('postponing with a reason tells the member’s app at once', async () => {
  const callOff = clerk.getByRole('region', { name: 'Cancel or postpone' });
  await expect(callOff).toContainText('Members are told at once, with your reason.');
  await callOff.getByLabel('Reason').fill('The chamber is needed for the count; a new date follows.');
  await callOff.getByRole('button', { name: 'Postpone the meeting' }).click();
  await expect(clerk.getByRole('region', { name: 'Meeting' }).getByText('Postponed', { exact: true })).toBeVisible();
  await expectNoAxeViolations(clerk);

  const agenda = member.getByRole('navigation', { name: 'Agenda' });
  await expect(agenda.getByText('Postponed', { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(agenda).toContainText('Changed: The chamber is needed for the count; a new date follows.');
});
