/**
 * Writing the minutes together, end to end with real processes: one authority
 * server (the demo council) and a desktop host per person (two minute-takers,
 * each in a Chromium context of their own), while the clerk runs the meeting
 * over the server's API.
 *
 *   both minute-takers type into the same item and each sees the other's text
 *   and caret with their name; undo takes back only one's own edit → a
 *   recorded vote held in the session appears in the item's minutes with its
 *   named lists, typed by nobody → a late arrival updates the attendance
 *   block → a stock phrase is inserted from the keyboard; an action point is
 *   added from the toolbar by keyboard and gathered into the action list,
 *   which exports as CSV → the screen passes axe (every rule, any impact).
 */
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { z } from 'zod';
import { minutesPaths } from '../../common/minutes.ts';
import { Meeting, MeetingDetailResponse, apiPaths } from '../../common/wire.ts';
import { ApiClient } from '../support/api-client.ts';
import { expectNoAxeViolations } from '../support/axe.ts';
import { demoPassword } from '../support/host-council.ts';
import { ITEM_TITLE, clickIntoItem, minutesText, openMinutes, recordBlock, startPerson, stopPerson, type Person } from '../support/minutes-people.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { cast, command, openMotion } from '../support/voting-council.ts';

test.describe.configure({ mode: 'serial' });

const SAM = 'Sam Patel';
const JO = 'Jo Lindqvist';
const SAM_WORDS = 'Members discussed the access road from Mill Lane.';
const JO_WORDS = ' The committee noted the highways advice.';

let server: ServerProcess | undefined;
let sam: Person | undefined;
let jo: Person | undefined;
let clerk: ApiClient;
let meetingId: string;
let itemId: string;
const userIds: Record<string, string> = {};

function people(): { sam: Person; jo: Person } {
  if (!sam || !jo) throw new Error('the minute-takers did not start');
  return { sam, jo };
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(300_000);
  server = await startServerProcess({ seed: 'demo' });
  clerk = await ApiClient.login(server.url, 'clerk', demoPassword(server.dataDir, 'clerk'));
  const [meeting] = z.array(Meeting).parse(await clerk.get(apiPaths.meetings));
  meetingId = meeting!.id;
  const detail = MeetingDetailResponse.parse(await clerk.get(apiPaths.meeting(meetingId)));
  itemId = detail.items.find((item) => item.title === ITEM_TITLE)!.id;
  // The council's stock phrases (the administrator keeps them).
  const admin = await ApiClient.login(server.url, 'admin', demoPassword(server.dataDir, 'admin'));
  await admin.put(minutesPaths.stockPhrases, {
    phrases: [
      { label: 'Resolved', text: 'RESOLVED that the application be approved subject to conditions.' },
      { label: 'Noted', text: 'The Committee noted the report.' },
    ],
  });
  for (const username of ['chair', 'member', 'member2']) {
    const api = await ApiClient.login(server.url, username, demoPassword(server.dataDir, username));
    userIds[username] = (await api.get<{ id: string }>(apiPaths.me)).id;
  }
  // One after the other: the first host start may build the renderer.
  sam = await startPerson(browser, server, 'minutetaker');
  jo = await startPerson(browser, server, 'minutetaker2');
});

test.afterAll(async () => {
  await stopPerson(sam);
  await stopPerson(jo);
  await server?.stop();
});

test("two minute-takers write in the same item: each sees the other's words and caret with their name; undo takes back only one's own", async () => {
  const { sam, jo } = people();
  await openMinutes(sam.page);
  await openMinutes(jo.page);

  await clickIntoItem(sam.page, ITEM_TITLE);
  await sam.page.keyboard.type(SAM_WORDS);
  await expect(minutesText(jo.page)).toContainText(SAM_WORDS);

  await minutesText(jo.page).getByText(SAM_WORDS).click();
  await jo.page.keyboard.press('End');
  await jo.page.keyboard.type(JO_WORDS);
  await expect(minutesText(sam.page)).toContainText(SAM_WORDS + JO_WORDS);

  // Each sees where the other is writing, with their name.
  await expect(minutesText(sam.page).getByText(JO, { exact: true })).toBeVisible();
  await expect(minutesText(jo.page).getByText(SAM, { exact: true })).toBeVisible();

  // Sam's undo takes back Sam's sentence, not Jo's.
  await sam.page.keyboard.press('Control+z');
  for (const page of [sam.page, jo.page]) {
    await expect(minutesText(page)).not.toContainText(SAM_WORDS);
    await expect(minutesText(page)).toContainText(JO_WORDS.trim());
  }
  await sam.page.keyboard.press('Control+Shift+z');
  for (const page of [sam.page, jo.page]) await expect(minutesText(page)).toContainText(SAM_WORDS + JO_WORDS);
});

test('a recorded vote held in the session appears in the minutes with its named lists, typed by nobody', async () => {
  const { sam, jo } = people();
  // The roll as people arrive, then the meeting opens.
  await command(clerk, meetingId, { type: 'set-attendance', userId: userIds.chair!, attendance: 'present' });
  await command(clerk, meetingId, { type: 'set-attendance', userId: userIds.member!, attendance: 'present' });
  await command(clerk, meetingId, { type: 'open-session' });
  await command(clerk, meetingId, { type: 'set-current-item', itemId });
  const voteId = await openMotion(clerk, meetingId, {
    text: 'That planning permission be granted subject to the conditions in the report.',
    proposerUserId: userIds.member!,
    seconderUserId: userIds.chair!,
    kind: 'recorded',
  });
  for (const username of ['chair', 'member']) {
    await cast(await ApiClient.login(server!.url, username, demoPassword(server!.dataDir, username)), voteId, username === 'chair' ? 'for' : 'against');
  }
  await command(clerk, meetingId, { type: 'close-vote', voteId, castingVote: 'for' });

  for (const page of [sam.page, jo.page]) {
    const vote = recordBlock(page, 'Vote');
    await expect(vote).toContainText('That planning permission be granted subject to the conditions in the report.');
    await expect(vote).toContainText('Proposed by Cllr Tom Evans, seconded by Cllr Priya Shah');
    await expect(vote).toContainText('For: Cllr Priya Shah');
    await expect(vote).toContainText('Against: Cllr Tom Evans');
    await expect(vote).toContainText('The chair gave a casting vote (For).');
    await expect(vote).toContainText('RESOLVED accordingly.');
  }
  // Present: the two marked at the roll; Cllr Grace Okafor not (yet).
  const attendance = recordBlock(sam.page, 'Attendance');
  await expect(attendance).toContainText('Present: Cllr Priya Shah (chair), Cllr Tom Evans');
  await expect(attendance).not.toContainText('Cllr Grace Okafor');
  await expect(attendance).not.toContainText('Arrivals and departures');
});

test('a late arrival updates the attendance block', async () => {
  const { sam, jo } = people();
  await command(clerk, meetingId, { type: 'set-attendance', userId: userIds.member2!, attendance: 'present' });
  for (const page of [sam.page, jo.page]) {
    const attendance = recordBlock(page, 'Attendance');
    // The roll's order: the chair, then members by name.
    await expect(attendance).toContainText('Present: Cllr Priya Shah (chair), Cllr Grace Okafor, Cllr Tom Evans');
    await expect(attendance).toContainText(/Arrivals and departures: Cllr Grace Okafor arrived at \d{2}:\d{2}/);
  }
  // Frozen, the block keeps its words as the minute-taker edits them; the record moving on no longer changes it.
  await recordBlock(sam.page, 'Attendance').getByRole('button', { name: 'Freeze Attendance as text' }).click();
  const wording = sam.page.getByRole('textbox', { name: 'Wording of Attendance' });
  await expect(wording).toHaveValue(/Present: Cllr Priya Shah \(chair\), Cllr Grace Okafor, Cllr Tom Evans/);
  await wording.press('End');
  await wording.pressSequentially(' Cllr Okafor arrived during item 3.');
  await expect(recordBlock(jo.page, 'Attendance')).toContainText('Cllr Okafor arrived during item 3.');
});

test('a stock phrase goes in from the keyboard; an action point is added and gathered into the action list, exported as CSV', async () => {
  const { sam } = people();
  const page = sam.page;
  await clickIntoItem(page, 'Local Plan Review');
  await page.keyboard.press('Control+Shift+P');
  const finder = page.getByRole('combobox', { name: 'Find a stock phrase' });
  await expect(finder).toBeFocused();
  await finder.pressSequentially('noted');
  await expect(page.getByRole('option', { name: /Noted/ })).toHaveAttribute('aria-selected', 'true');
  await finder.press('Enter');
  await expect(minutesText(page)).toContainText('The Committee noted the report.');
  await expect(minutesText(page)).toBeFocused();

  // Alt+F10 reaches the toolbar; arrows move along it; Enter adds an action point in this item.
  await page.keyboard.press('Alt+F10');
  const toolbar = page.getByRole('toolbar', { name: 'Formatting and inserting' });
  await expect(toolbar.getByRole('button', { name: 'Bold' })).toBeFocused();
  await page.keyboard.press('End');
  await expect(toolbar.getByRole('button', { name: 'Redo' })).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect(toolbar.getByRole('button', { name: 'Action point' })).toBeFocused();
  await page.keyboard.press('Enter');
  const action = minutesText(page).getByRole('group', { name: 'Action point' });
  await expect(action.getByLabel('Action', { exact: true })).toBeFocused();
  await page.keyboard.type('Write to the applicant about the tree survey');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Alex Morgan');
  await action.getByLabel('Due', { exact: true }).fill('2027-01-15');

  const list = page.getByRole('region', { name: 'Action list' });
  const row = list.getByRole('row').filter({ hasText: 'Write to the applicant about the tree survey' });
  await expect(row).toContainText('Alex Morgan');
  await expect(row).toContainText('Local Plan Review');

  const download = page.waitForEvent('download');
  await list.getByRole('button', { name: 'Export actions (CSV)' }).click();
  const csv = await readFile((await (await download).path())!, 'utf8');
  expect(csv).toContain('Write to the applicant about the tree survey');
  expect(csv).toContain('Alex Morgan');
  expect(csv).toContain('2027-01-15');
});

test('the minutes screen passes axe with no violations at all', async () => {
  const { sam, jo } = people();
  await expectNoAxeViolations(sam.page);
  await expectNoAxeViolations(jo.page);
});
