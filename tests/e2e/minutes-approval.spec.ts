/**
 * The minutes' workflow, end to end with real processes: one authority server
 * (the demo council) and a desktop host each for the clerk, a minute-taker,
 * the chair and a member, in Chromium contexts of their own.
 *
 *   the minute-taker writes; members do not see the draft → the clerk
 *   circulates it; the member reads it (read-only) and comments → the chair
 *   approves it by signature: the text is locked; a raw Yjs client's write is
 *   refused by the server and every screen says the document is locked → the
 *   clerk records an amendment, listed with the minutes → the screens pass axe.
 */
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import * as Y from 'yjs';
import { MINUTES_FRAGMENT } from '../../common/minutes.ts';
import { Meeting, apiPaths, yjsDocName } from '../../common/wire.ts';
import { ApiClient } from '../support/api-client.ts';
import { expectNoAxeViolations } from '../support/axe.ts';
import { demoPassword } from '../support/host-council.ts';
import { ITEM_TITLE, MEETING, clickIntoItem, minutesText, openMinutes, startPerson, stopPerson, type Person } from '../support/minutes-people.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { YjsSocket } from '../support/yjs-socket.ts';

test.describe.configure({ mode: 'serial' });

const WORDS = 'RESOLVED that planning permission be granted subject to the conditions in the report.';
type Role = 'clerk' | 'minutetaker' | 'chair' | 'member';

let server: ServerProcess | undefined;
const people = new Map<Role, Person>();
let docName: string;

function person(role: Role): Person {
  const found = people.get(role);
  if (!found) throw new Error(`${role} did not start`);
  return found;
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(360_000);
  server = await startServerProcess({ seed: 'demo' });
  const clerk = await ApiClient.login(server.url, 'clerk', demoPassword(server.dataDir, 'clerk'));
  const [meeting] = await clerk.get<Meeting[]>(apiPaths.meetings);
  docName = yjsDocName.minutes(meeting!.id);
  for (const role of ['clerk', 'minutetaker', 'chair', 'member'] as const) people.set(role, await startPerson(browser, server, role));
});

test.afterAll(async () => {
  for (const each of people.values()) await stopPerson(each);
  await server?.stop();
});

/** The minutes as a reader: the meeting, then its Minutes link. */
async function openAsReader(page: Page): Promise<void> {
  await openMinutes(page, false);
  await expect(page.getByText('You can read these minutes; the clerk and the minute-takers write them.')).toBeVisible();
}

test('the minute-taker writes a draft; members do not see it until the clerk circulates it', async () => {
  const writer = person('minutetaker').page;
  await openMinutes(writer);
  await clickIntoItem(writer, ITEM_TITLE);
  await writer.keyboard.type(WORDS);
  await expect(writer.getByTestId('minutes-state')).toHaveAttribute('data-state', 'draft');

  const member = person('member').page;
  await member.getByRole('link', { name: MEETING }).first().click();
  await expect(member.getByRole('link', { name: 'Meeting session' })).toBeVisible();
  await expect(member.getByRole('link', { name: 'Minutes', exact: true })).toHaveCount(0);

  const clerk = person('clerk').page;
  await openMinutes(clerk);
  await expect(minutesText(clerk)).toContainText(WORDS);
  await clerk.getByRole('button', { name: 'Circulate to the committee' }).click();
  await clerk.getByRole('button', { name: 'Circulate to the committee: yes' }).click();
  await expect(clerk.getByTestId('minutes-state')).toHaveAttribute('data-state', 'circulated');
});

test('a member reads the circulated draft (read-only) and comments on it', async () => {
  const member = person('member').page;
  // The link shows once the minutes are circulated: open the meeting again.
  await member.goto(person('member').host.url);
  await openAsReader(member);
  await expect(minutesText(member)).toContainText(WORDS);
  await expect(member.getByRole('toolbar', { name: 'Formatting and inserting' })).toHaveCount(0);

  const comments = member.getByRole('region', { name: 'Members’ comments' });
  await comments.getByLabel('About').selectOption({ label: `3 ${ITEM_TITLE}` });
  await comments.getByLabel('Your comment').fill('Please record that the highways officer answered the question on the junction.');
  await comments.getByRole('button', { name: 'Add comment' }).click();
  await expect(comments.getByRole('listitem')).toContainText('the highways officer answered the question on the junction');
  const clerkComments = person('clerk').page.getByRole('region', { name: 'Members’ comments' });
  await expect(clerkComments).toContainText('the highways officer answered the question on the junction', { timeout: 30_000 });
  await expectNoAxeViolations(member);
});

test('the chair approves by signature: the text is locked on the server, and the screens say so', async () => {
  const chair = person('chair').page;
  await openAsReader(chair);
  await chair.getByRole('button', { name: 'Approve by my signature' }).click();
  await chair.getByRole('button', { name: 'Approve by my signature: yes' }).click();
  await expect(chair.getByTestId('minutes-state')).toHaveAttribute('data-state', 'approved');
  await expect(chair.getByTestId('minutes-locked')).toContainText('the text is locked');

  // A raw Yjs client of the minute-taker, who could write the draft: the server now refuses the write.
  const minuteTaker = person('minutetaker');
  const raw = await YjsSocket.open(server!.url, minuteTaker.api.token!, docName);
  try {
    await raw.roundTrip();
    expect(raw.doc.getXmlFragment(MINUTES_FRAGMENT).toString()).toContain(WORDS);
    raw.write((doc) => {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText('Slipped in after approval.')]);
      doc.getXmlFragment(MINUTES_FRAGMENT).push([paragraph]);
    });
    expect(await raw.roundTrip()).toBe('answered');
  } finally {
    raw.close();
  }
  const clerkToken = person('clerk').api.token!;
  const reader = await YjsSocket.open(server!.url, clerkToken, docName);
  try {
    await reader.roundTrip();
    const stored = reader.doc.getXmlFragment(MINUTES_FRAGMENT).toString();
    expect(stored).toContain(WORDS);
    expect(stored).not.toContain('Slipped in after approval.');
  } finally {
    reader.close();
  }

  // The minute-taker's screen: read-only, and it says the text is locked.
  const writer = minuteTaker.page;
  await expect(writer.getByTestId('minutes-locked')).toContainText('the text is locked', { timeout: 30_000 });
  await expect(minutesText(writer)).toHaveAttribute('contenteditable', 'false');
  await expect(minutesText(writer)).not.toContainText('Slipped in after approval.');
  await expectNoAxeViolations(writer);
});

test('the clerk records an amendment; it is listed with the minutes', async () => {
  const clerk = person('clerk').page;
  await clerk.reload();
  await expect(clerk.getByTestId('minutes-state')).toHaveAttribute('data-state', 'approved', { timeout: 30_000 });
  const form = clerk.getByRole('form', { name: 'Record an amendment' });
  await form.getByLabel('Why').fill('The vote was on the officer’s recommendation, not the report.');
  await form.getByLabel('Approved wording').fill('subject to the conditions in the report');
  await form.getByLabel('Corrected wording').fill('subject to the conditions in the officer’s recommendation');
  await form.getByRole('button', { name: 'Record the amendment' }).click();

  const amendments = clerk.getByRole('region', { name: 'Amendments' });
  const entry = amendments.getByRole('listitem').filter({ hasText: 'The vote was on the officer’s recommendation' });
  await expect(entry).toContainText('Recorded by Alex Morgan (Democratic Services)');
  await expect(entry).toContainText('subject to the conditions in the report');
  await expect(entry).toContainText('subject to the conditions in the officer’s recommendation');
  // The approved text itself is unchanged.
  await expect(minutesText(clerk)).toContainText(WORDS);

  // The exports: the PDF and the HTML of the approved minutes, saved where the clerk picks.
  const minutesExports = clerk.getByRole('group', { name: 'Export the minutes' });
  const pdfDownload = clerk.waitForEvent('download');
  await minutesExports.getByRole('button', { name: 'Download PDF' }).click();
  const pdf = await readFile((await (await pdfDownload).path())!);
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const htmlDownload = clerk.waitForEvent('download');
  await minutesExports.getByRole('button', { name: 'Download HTML' }).click();
  const html = await readFile((await (await htmlDownload).path())!, 'utf8');
  expect(html).toContain('RESOLVED that planning permission be granted');

  // Others see it listed too.
  const chair = person('chair').page;
  await chair.reload();
  await expect(chair.getByRole('region', { name: 'Amendments' })).toContainText('The vote was on the officer’s recommendation', { timeout: 30_000 });
  await expectNoAxeViolations(clerk);
});
