/**
 * Running a meeting end to end, with real processes: one authority server (the
 * demo council) and a desktop host per person, each driven from its own
 * browser context.
 *
 *   the clerk opens the session and takes the roll (quorum shown as met) →
 *   members ask to speak and the chair sees them → the chair puts a motion to
 *   a recorded vote → three members vote from three contexts, each gets a
 *   receipt → the chair closes it and everyone sees the result with named
 *   lists → a secret ballot through the same screens leaves no row in the
 *   server's database that links a member to a choice.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import * as Y from 'yjs';
import { presentationMapName, readPresentation } from '../../common/presentation.ts';
import { yjsDocName } from '../../common/wire.ts';
import { expectNoSeriousAxeViolations } from '../support/axe.ts';
import { yjsCall } from '../support/host-yjs.ts';
import { latestSeq, startHostProcess, waitUntilSynced, type HostProcess } from '../support/host-process.ts';
import { demoPassword, startServerProcess, type ServerProcess } from '../support/server-process.ts';

const MEETING = /Planning Committee/;
const ITEM = /Land north of Mill Lane/;
const LATER_ITEM = /Local Plan Review/;
const VOTERS = { chair: 'Cllr Priya Shah', member: 'Cllr Tom Evans', member2: 'Cllr Grace Okafor' } as const;
type Person = 'clerk' | keyof typeof VOTERS;
const PEOPLE: Person[] = ['clerk', 'chair', 'member', 'member2'];
/** A ballot choice as a stored value (`"choice":"for"`), also inside JSON kept as text (escaped quotes); counts' keys do not match. */
const CHOICE_VALUE = /:\\?"(for|against|abstain)\\?"/;
const CASTING_VOTE = /castingVote\\*"\s*:\s*\\*"(for|against)\\*"/g;
/** Set CHAMBER_SCREENSHOTS=dir to keep screenshots of the screens for a look. */
const screenshotDir = process.env.CHAMBER_SCREENSHOTS;

test.describe.configure({ mode: 'serial' });
test.use({ locale: 'en-GB', viewport: { width: 1360, height: 900 } });

let server: ServerProcess | undefined;
const hosts = new Map<Person, HostProcess>();
const contexts: BrowserContext[] = [];
const pages = new Map<Person, Page>();

test.beforeAll(async ({ browser }) => {
  test.setTimeout(240_000);
  server = await startServerProcess({ seed: 'demo' });
  const started = server;
  for (const person of PEOPLE) {
    hosts.set(person, await startHostProcess({ serverUrl: started.url, username: person, password: demoPassword(started.dataDir, person) }));
  }
  const seq = await latestSeq(started.url);
  await Promise.all([...hosts.values()].map((host) => waitUntilSynced(host, seq)));
  for (const person of PEOPLE) pages.set(person, await openSession(browser, hosts.get(person)!));
});

test.afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  for (const host of hosts.values()) await host.stop();
  await server?.stop();
});

function page(person: Person): Page {
  const found = pages.get(person);
  if (!found) throw new Error(`no page for ${person}`);
  return found;
}

async function openSession(browser: Browser, host: HostProcess): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  const opened = await context.newPage();
  await opened.goto(host.url);
  await opened.getByRole('link', { name: MEETING }).first().click();
  await opened.getByRole('link', { name: 'Meeting session' }).click();
  await expect(opened.getByTestId('session-screen')).toBeVisible();
  await expect(opened.getByTestId('session-status')).toBeVisible({ timeout: 30_000 });
  return opened;
}

async function snapshot(person: Person, name: string): Promise<void> {
  if (screenshotDir) await page(person).screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}

async function vote(person: keyof typeof VOTERS, choice: 'For' | 'Against' | 'Abstain'): Promise<void> {
  const ballot = page(person).getByTestId('ballot');
  await ballot.getByRole('button', { name: choice, exact: true }).click();
  await ballot.getByRole('button', { name: `Cast my vote: ${choice}` }).click();
  await expect(page(person).getByTestId('ballot-receipt')).toContainText(/Your vote was recorded at \d{2}:\d{2}:\d{2}/);
}

test('the clerk opens the session and takes the roll; the quorum is shown as met', async () => {
  const clerk = page('clerk');
  await expect(clerk.getByRole('heading', { name: 'Chair and clerk console' })).toBeVisible();
  await expect(clerk.getByTestId('session-status')).toHaveAttribute('data-status', 'not-started');
  await clerk.getByRole('button', { name: 'Open the session' }).click();
  await expect(clerk.getByTestId('session-status')).toHaveAttribute('data-status', 'in-session');
  await expect(clerk.getByTestId('quorum')).toHaveAttribute('data-met', 'false');

  for (const name of Object.values(VOTERS)) {
    await clerk.getByLabel(`Attendance of ${name}`).selectOption('present');
    await expect(clerk.getByTestId('roll-entry').filter({ hasText: name })).toHaveAttribute('data-attendance', 'present');
  }
  await expect(clerk.getByTestId('quorum')).toHaveAttribute('data-met', 'true');
  await expect(clerk.getByTestId('quorum')).toContainText('Quorum met');
  await expect(clerk.getByTestId('quorum')).toContainText('3 voting members present');

  await clerk.getByLabel('Agenda item').selectOption({ label: (await itemOption(clerk)) ?? '' });
  await clerk.getByRole('button', { name: 'Take this item' }).click();
  await expect(clerk.getByTestId('current-item-title')).toContainText(ITEM);
  // Everyone is taken to the item, live.
  for (const person of PEOPLE) await expect(page(person).getByTestId('current-item-title')).toContainText(ITEM);
  // And the meeting's presentation names it, so members following the presenter go to its paper.
  const meetingId = decodeURIComponent(/#\/meetings\/([^/?]+)/.exec(clerk.url())?.[1] ?? '');
  const itemId = await clerk.getByLabel('Agenda item').locator('option', { hasText: ITEM }).getAttribute('value');
  await expect.poll(() => presentedItem(hosts.get('member')!, meetingId), { timeout: 30_000 }).toBe(itemId);
  await expect(page('member').getByTestId('quorum')).toHaveAttribute('data-met', 'true');
  await snapshot('clerk', 'session-console-roll');
});

test('members ask to speak and the chair sees the list', async () => {
  await page('member').getByRole('button', { name: 'Request to speak' }).click();
  await page('member2').getByRole('button', { name: 'Request to speak' }).click();
  const chairList = page('chair').getByTestId('speakers');
  await expect(chairList.getByTestId('speaker')).toHaveCount(2);
  await expect(chairList.getByTestId('speaker').nth(0)).toContainText(VOTERS.member);
  await expect(chairList.getByTestId('speaker').nth(1)).toContainText(VOTERS.member2);
  await chairList.getByRole('button', { name: `Move ${VOTERS.member2} up` }).click();
  await expect(chairList.getByTestId('speaker').nth(0)).toContainText(VOTERS.member2);
  await chairList.getByRole('button', { name: `Give the floor to ${VOTERS.member2}` }).click();
  await expect(page('member').getByTestId('speaking')).toContainText(VOTERS.member2);
  await expect(page('chair').getByTestId('speaking-timer')).toHaveText(/\d+:\d{2}/);
  await snapshot('member', 'session-member-speakers');
});

test('the chair opens a recorded vote; three members vote and all see the named result', async () => {
  const chair = page('chair');
  await chair.getByRole('textbox', { name: 'Wording of the motion' }).fill('That planning permission be granted subject to the conditions in the report.');
  await chair.getByLabel('Proposed by').selectOption({ label: VOTERS.member });
  await chair.getByLabel('Seconded by').selectOption({ label: VOTERS.member2 });
  await chair.getByRole('radio', { name: 'Recorded vote' }).check();
  await chair.getByRole('button', { name: 'Put the motion' }).click();
  await chair.getByRole('button', { name: 'Open the vote' }).click();
  for (const person of Object.keys(VOTERS) as (keyof typeof VOTERS)[]) {
    await expect(page(person).getByTestId('ballot')).toBeVisible();
  }
  await expect(page('clerk').getByTestId('not-yet-voted')).toContainText(VOTERS.member);

  await vote('chair', 'For');
  await vote('member', 'For');
  await snapshot('member', 'session-member-receipt');
  await vote('member2', 'Against');
  await expect(page('clerk').getByTestId('vote-progress')).toHaveAttribute('data-voted', '3');
  await expect(page('clerk').getByTestId('vote-progress')).toContainText('3 of 3 have voted');
  await snapshot('chair', 'session-console-vote-open');

  await chair.getByTestId('close-vote').click();
  for (const person of PEOPLE) {
    const result = page(person).getByTestId('vote-result').first();
    await expect(result).toHaveAttribute('data-outcome', 'carried');
    await expect(result.getByTestId('count-for')).toHaveText('2');
    await expect(result.getByTestId('count-against')).toHaveText('1');
    await expect(result.getByTestId('named-for')).toContainText(VOTERS.chair);
    await expect(result.getByTestId('named-for')).toContainText(VOTERS.member);
    await expect(result.getByTestId('named-against')).toHaveText(VOTERS.member2);
  }
  await snapshot('member2', 'session-member-result');
});

test('the console and the member view have no serious accessibility problems', async () => {
  await expectNoSeriousAxeViolations(page('clerk'));
  await expectNoSeriousAxeViolations(page('member'));
});

test("a secret ballot cast through the screens leaves no stored row linking a member to a choice", async () => {
  const chair = page('chair');
  await chair.getByRole('textbox', { name: 'Wording of the motion' }).fill('That the Chair be authorised to sign the section 106 agreement.');
  await chair.getByRole('radio', { name: 'Secret ballot' }).check();
  await chair.getByRole('button', { name: 'Put the motion' }).click();
  await chair.getByRole('button', { name: 'Open the vote' }).click();
  await vote('chair', 'Against');
  await vote('member', 'For');
  await vote('member2', 'Abstain');
  await expect(page('member').getByTestId('ballot-receipt')).toContainText('your choice is not kept with your name');
  await expect(page('clerk').getByTestId('vote-progress')).toHaveAttribute('data-voted', '3');
  // A secret ballot never names who has not voted yet.
  await expect(page('clerk').getByTestId('not-yet-voted')).toHaveCount(0);
  // One each way is a tie; the committee's rule is the chair's casting vote, which the console asks for.
  await chair.getByTestId('close-vote').click();
  await chair.getByRole('button', { name: 'Casting vote for' }).click();
  const result = page('clerk').getByTestId('vote-result').filter({ hasText: 'section 106 agreement' });
  await expect(result).toHaveAttribute('data-outcome', 'carried');
  await expect(result).toContainText("decided by the chair's casting vote (For)");
  await expect(result.getByTestId('count-for')).toHaveText('1');
  await expect(result.getByTestId('count-against')).toHaveText('1');
  await expect(result.getByTestId('count-abstain')).toHaveText('1');
  await expect(result.getByTestId('named-lists')).toHaveCount(0);
  const voteId = await result.getAttribute('data-vote-id');
  expect(voteId).toBeTruthy();

  // The server's database, every table: the participation rows say who voted and never how, and no row
  // that names this vote (or one of its ballots) and a voter also carries a choice.
  const db = new Database(path.join(server!.dataDir, 'chamber.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const voterIds = db.prepare(`SELECT id FROM users WHERE username IN ('chair', 'member', 'member2')`).pluck().all() as string[];
    expect(voterIds).toHaveLength(3);
    const participation = db.prepare('SELECT * FROM vote_participation WHERE vote_id = ?').all(voteId) as Record<string, string | null>[];
    expect(participation.map((row) => row.user_id).sort()).toEqual([...voterIds].sort());
    expect(participation.map((row) => row.choice)).toEqual([null, null, null]);
    const voteKeys = [voteId!, ...participation.flatMap((row) => [row.ballot_id!, row.receipt_id!])];
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).pluck().all() as string[];
    const linking: string[] = [];
    for (const table of tables) {
      for (const row of db.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[]) {
        const text = JSON.stringify(row);
        if (!voteKeys.some((key) => text.includes(key)) || !voterIds.some((id) => text.includes(id))) continue;
        // The chair's casting vote is given openly in the meeting, not by ballot: it may be recorded.
        if (CHOICE_VALUE.test(text.replace(CASTING_VOTE, ''))) linking.push(`${table}: ${text.slice(0, 400)}`);
      }
    }
    expect(linking, 'rows linking a voter to a choice on the secret ballot').toEqual([]);
  } finally {
    db.close();
  }
  // Nor do the voters' own mirrors keep the choice once the receipt is in.
  for (const person of Object.keys(VOTERS) as (keyof typeof VOTERS)[]) {
    const mirror = new Database(hosts.get(person)!.mirrorPath, { readonly: true, fileMustExist: true });
    try {
      const stored = mirror.prepare('SELECT choice, receipt_json FROM pending_ballots WHERE vote_id = ?').get(voteId) as
        | { choice: string | null; receipt_json: string | null }
        | undefined;
      expect(stored?.receipt_json, `${person}'s receipt is stored`).toBeTruthy();
      expect(stored?.choice ?? null).toBeNull();
    } finally {
      mirror.close();
    }
  }
});

test('a member declares an interest in an item, the clerk sees it, and the member withdraws it', async () => {
  const member = page('member');
  const declarations = member.getByTestId('declarations');
  const option = await declarations.getByLabel('Item', { exact: true }).locator('option', { hasText: LATER_ITEM }).textContent();
  await declarations.getByLabel('Item', { exact: true }).selectOption({ label: option ?? '' });
  await declarations.getByRole('button', { name: 'Declare an interest' }).click();
  await declarations.getByLabel('Kind of interest').selectOption({ label: 'Other registrable interest' });
  await declarations.getByLabel('What the interest is').fill('Trustee of the Ashford Green Community Trust.');
  await declarations.getByLabel('I will leave the room for this item and not vote on it').check();
  await declarations.getByRole('button', { name: 'Declare', exact: true }).click();
  await expect(declarations.getByTestId('declaration')).toContainText('(you)');

  const clerkDeclarations = page('clerk').getByTestId('declarations');
  await clerkDeclarations.getByLabel('Item', { exact: true }).selectOption({ label: option ?? '' });
  await expect(clerkDeclarations.getByTestId('declaration')).toContainText(VOTERS.member);
  await expect(clerkDeclarations.getByTestId('declaration')).toContainText('leaves the room');
  await expectNoSeriousAxeViolations(member);

  await declarations.getByRole('button', { name: 'Withdraw my declaration' }).click();
  await expect(declarations.getByTestId('declaration')).toHaveCount(0);
  await expect(declarations).toContainText('You have not declared an interest in this item.');
});

/** The item the meeting's presentation names, read through a member's host as the renderer would. */
async function presentedItem(host: HostProcess, meetingId: string): Promise<string | null> {
  const { update } = await yjsCall<{ update: Uint8Array }>(host, 'yjs.open', { docName: yjsDocName.presentation(meetingId) });
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, update);
    return readPresentation(doc.getMap(presentationMapName))?.itemId ?? null;
  } finally {
    doc.destroy();
  }
}

/** The option label of the Mill Lane item in the console's item chooser. */
async function itemOption(clerk: Page): Promise<string | null> {
  const labels = await clerk.getByLabel('Agenda item').locator('option').allTextContents();
  return labels.find((label) => ITEM.test(label)) ?? null;
}
