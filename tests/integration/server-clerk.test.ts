/**
 * The clerk's workspace over real HTTP against the real server process:
 * committee defaults, a meeting made from them (standing items on the agenda),
 * numbering that follows the order unless overridden, nesting, the exemption
 * reasons (Schedule 12A by default, replaced by an administrator), cancelling
 * and postponing with a reason that reaches members through the change feed,
 * and every clerk route refused to anyone but the committee's clerk.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import {
  type AgendaItem, type ClerkCommittee, ClerkMeetingResponse, type Committee, type ExemptionReason, type Meeting, apiPaths,
} from '../../common/wire.ts';
import { ApiClient, allChanges, expectApiError } from '../support/api-client.ts';
import { corpusPath } from '../support/corpus.ts';
import type { ServerProcess } from '../support/server-process.ts';
import { startTwoCommittees } from '../support/two-committees.ts';

let server: ServerProcess;
let admin: ApiClient;
let clerk: ApiClient;
let chair: ApiClient;
let member: ApiClient;
/** Clerk of the other committee: a clerk, but not this committee's. */
let otherClerk: ApiClient;
let committee: Committee;

const REPORT_PDF = 'lametro_board_agenda_test.pdf';

async function workingCopy(meetingId: string): Promise<ClerkMeetingResponse> {
  return ClerkMeetingResponse.parse(await clerk.get(apiPaths.clerkMeeting(meetingId)));
}

const numbersOf = (copy: ClerkMeetingResponse) => copy.items.map((item) => `${item.number} ${item.title}`);

before(async () => {
  const council = await startTwoCommittees([
    ['clerk', 'clerk', 'planning'],
    ['chair', 'chair', 'planning'],
    ['member', 'member', 'planning'],
    ['otherclerk', 'clerk', 'licensing'],
  ] as const);
  ({ server, admin, planning: committee } = council);
  ({ clerk, chair, member, otherclerk: otherClerk } = council.clients);
});

after(async () => {
  await server?.stop();
});

let meeting: Meeting;

test('a clerk sees the committees they clerk, with defaults, rules and members; nobody else has a workspace', async () => {
  const mine = await clerk.get<ClerkCommittee[]>(apiPaths.clerkCommittees);
  assert.deepEqual(mine.map((c) => c.committee.name), ['Planning Committee']);
  const planning = mine[0]!;
  assert.deepEqual(planning.defaults.standingItems, ['Apologies for absence', 'Declarations of interest', 'Minutes of the previous meeting']);
  assert.equal(planning.rules.quorum.kind, 'fraction');
  assert.deepEqual(planning.members.map((m) => `${m.displayName}: ${m.role}`).sort(), ['Test chair: chair', 'Test clerk: clerk', 'Test member: member']);
  assert.deepEqual((await otherClerk.get<ClerkCommittee[]>(apiPaths.clerkCommittees)).map((c) => c.committee.name), ['Licensing Committee']);
  await expectApiError(member.get(apiPaths.clerkCommittees), 403, 'forbidden');
  await expectApiError(chair.get(apiPaths.clerkCommittees), 403, 'forbidden');
});

test('defaults are kept per committee and a meeting made from them has the standing items, numbered', async () => {
  const defaults = { venue: 'Council Chamber, Town Hall', startTime: '18:30', standingItems: ['Apologies', 'Declarations of interest', 'Minutes of 3 November'] };
  assert.deepEqual(await clerk.put(apiPaths.committeeDefaults(committee.id), defaults), defaults);
  await expectApiError(clerk.put(apiPaths.committeeDefaults(committee.id), { ...defaults, startTime: '25:00' }), 400, 'invalid-request');
  const [planning] = await clerk.get<ClerkCommittee[]>(apiPaths.clerkCommittees);
  assert.deepEqual(planning!.defaults, defaults);

  meeting = await clerk.post<Meeting>(apiPaths.committeeMeetings(committee.id), { startsAt: '2026-12-03T18:30:00.000Z' });
  assert.equal(meeting.title, 'Planning Committee', 'the title defaults to the committee name');
  assert.equal(meeting.venue, 'Council Chamber, Town Hall');
  assert.equal(meeting.state, 'draft');
  const copy = await workingCopy(meeting.id);
  assert.deepEqual(numbersOf(copy), ['1 Apologies', '2 Declarations of interest', '3 Minutes of 3 November']);
  assert.ok(copy.items.every((item) => !item.numberOverridden));
  assert.ok(copy.maxUploadBytes > 0);

  const elsewhere = await clerk.post<Meeting>(apiPaths.committeeMeetings(committee.id), {
    startsAt: '2027-01-14T10:00:00.000Z', title: 'Site visit', venue: null,
  });
  assert.equal(elsewhere.title, 'Site visit');
  assert.equal(elsewhere.venue, null, 'an explicit null venue wins over the default');
});

test('numbers follow the order, sub-items take letters, and a number the clerk gives stays until reset', async () => {
  const add = (title: string, extra: Record<string, unknown> = {}) => clerk.post<AgendaItem>(apiPaths.meetingItems(meeting.id), { title, ...extra });
  const application = await add('Planning application 25/00412/FUL');
  const trees = await add('Tree Preservation Order');
  const enforcement = await add('Enforcement: Brook Farm');
  assert.equal(application.number, '4');
  assert.equal(enforcement.number, '6');

  // Nest: the TPO becomes a sub-item of the application.
  await clerk.patch(apiPaths.item(trees.id), { parentItemId: application.id });
  assert.deepEqual(numbersOf(await workingCopy(meeting.id)), [
    '1 Apologies', '2 Declarations of interest', '3 Minutes of 3 November', '4 Planning application 25/00412/FUL', '4a Tree Preservation Order',
    '5 Enforcement: Brook Farm',
  ]);
  // Move enforcement to the top: everything renumbers, sub-items with their parent.
  await clerk.patch(apiPaths.item(enforcement.id), { position: 0 });
  assert.deepEqual(numbersOf(await workingCopy(meeting.id)).slice(0, 1), ['1 Enforcement: Brook Farm']);
  assert.ok(numbersOf(await workingCopy(meeting.id)).includes('5a Tree Preservation Order'));

  // An override stays through moves; the items after it keep counting.
  await clerk.patch(apiPaths.item(enforcement.id), { number: 'A' });
  await clerk.patch(apiPaths.item(enforcement.id), { position: 4 });
  let copy = await workingCopy(meeting.id);
  assert.deepEqual(numbersOf(copy), [
    '1 Apologies', '2 Declarations of interest', '3 Minutes of 3 November', '4 Planning application 25/00412/FUL', '4a Tree Preservation Order',
    'A Enforcement: Brook Farm',
  ]);
  assert.equal(copy.items.find((item) => item.id === enforcement.id)!.numberOverridden, true);
  await clerk.patch(apiPaths.item(enforcement.id), { number: null });
  copy = await workingCopy(meeting.id);
  assert.equal(copy.items.find((item) => item.id === enforcement.id)!.number, '5');

  // Out again to the top level, placed second.
  await clerk.patch(apiPaths.item(trees.id), { parentItemId: null, position: 1 });
  assert.deepEqual(numbersOf(await workingCopy(meeting.id)), [
    '1 Apologies', '2 Tree Preservation Order', '3 Declarations of interest', '4 Minutes of 3 November', '5 Planning application 25/00412/FUL',
    '6 Enforcement: Brook Farm',
  ]);
  // Two levels at most, and only within the meeting.
  const sub = await add('Late representations', { parentItemId: application.id });
  assert.equal(sub.number, '5a');
  await expectApiError(clerk.patch(apiPaths.item(trees.id), { parentItemId: sub.id }), 409, 'too-deep');
  await expectApiError(clerk.patch(apiPaths.item(application.id), { parentItemId: trees.id }), 409, 'too-deep');
  await expectApiError(clerk.patch(apiPaths.item(trees.id), { parentItemId: trees.id }), 400, 'invalid-parent');
  // Deleting renumbers what follows.
  await clerk.delete(apiPaths.item(trees.id));
  assert.deepEqual(numbersOf(await workingCopy(meeting.id)).slice(1), [
    '2 Declarations of interest', '3 Minutes of 3 November', '4 Planning application 25/00412/FUL', '4a Late representations', '5 Enforcement: Brook Farm',
  ]);
});

test('the exemption reasons are the paragraphs of Schedule 12A until an administrator changes them', async () => {
  const reasons = await clerk.get<ExemptionReason[]>(apiPaths.exemptionReasons);
  assert.equal(reasons.length, 7);
  assert.equal(reasons[2]!.label, 'Paragraph 3, Schedule 12A');
  assert.match(reasons[2]!.description, /financial or business affairs of any particular person/);
  assert.match(reasons[6]!.description, /prevention, investigation or prosecution of crime/);
  await expectApiError(member.get(apiPaths.exemptionReasons), 403, 'forbidden');
  await expectApiError(clerk.put(apiPaths.exemptionReasons, { reasons: [{ label: 'Mine', description: '' }] }), 403, 'forbidden');
  await expectApiError(admin.put(apiPaths.exemptionReasons, { reasons: [{ label: 'X', description: '' }, { label: 'X', description: '' }] }), 400, 'duplicate-reason');
  const replaced = [...reasons, { label: 'Offentleglova § 13', description: 'Taushetsplikt' }];
  assert.deepEqual(await admin.put(apiPaths.exemptionReasons, { reasons: replaced }), replaced);
  assert.deepEqual(await otherClerk.get(apiPaths.exemptionReasons), replaced);
  await admin.put(apiPaths.exemptionReasons, { reasons });
});

test('cancelling or postponing a published meeting tells members through the feed, with the reason', async () => {
  await clerk.post(apiPaths.publish(meeting.id), { changeNote: 'Agenda published' });
  const since = (await allChanges(member)).nextSince;
  const postponed = await clerk.post<Meeting>(apiPaths.meetingPostpone(meeting.id), { reason: 'The chamber is flooded; a new date follows' });
  assert.equal(postponed.state, 'postponed');
  assert.equal(postponed.publishedVersion, 2);
  const told = (await allChanges(member, since)).changes.flatMap((change) => (change.kind === 'meeting' && change.op === 'upsert' ? [change.data] : []));
  assert.deepEqual(told.map((m) => [m.id, m.state, m.changeNote]), [[meeting.id, 'postponed', 'The chamber is flooded; a new date follows']]);

  const cancelled = await clerk.post<Meeting>(apiPaths.meetingCancel(meeting.id), { reason: 'Business moved to the January meeting' });
  assert.equal(cancelled.state, 'cancelled');
  const after = (await allChanges(member, since)).changes.flatMap((change) => (change.kind === 'meeting' && change.op === 'upsert' ? [change.data.state] : []));
  assert.deepEqual(after, ['postponed', 'cancelled']);
  await expectApiError(clerk.post(apiPaths.meetingCancel(meeting.id), { reason: 'again' }), 409, 'meeting-cancelled');
  await expectApiError(clerk.post(apiPaths.meetingPostpone(meeting.id), { reason: '' }), 400, 'invalid-request');

  // A draft nobody saw is called off quietly: nothing goes to the feed.
  const draft = await clerk.post<Meeting>(apiPaths.committeeMeetings(committee.id), { startsAt: '2027-02-11T18:30:00.000Z' });
  const before = (await allChanges(member)).nextSince;
  const quiet = await clerk.post<Meeting>(apiPaths.meetingCancel(draft.id), { reason: 'Not needed' });
  assert.equal(quiet.state, 'cancelled');
  assert.equal(quiet.publishedVersion, 0);
  assert.deepEqual((await allChanges(member, before)).changes, []);
});

test('every clerk route refuses a member, the chair and another committee\'s clerk, and changes nothing', async () => {
  const target = await clerk.post<Meeting>(apiPaths.committeeMeetings(committee.id), { startsAt: '2027-03-11T18:30:00.000Z' });
  const item = (await workingCopy(target.id)).items[0]!;
  const before = JSON.stringify(await workingCopy(target.id));
  const pdf = readFileSync(corpusPath(REPORT_PDF));
  const clerkRoutes: [string, (client: ApiClient) => Promise<unknown>][] = [
    ['GET clerk committees', (c) => c.get(apiPaths.clerkCommittees)],
    ['PUT committee defaults', (c) => c.put(apiPaths.committeeDefaults(committee.id), { venue: 'x', startTime: null, standingItems: [] })],
    ['POST meeting from defaults', (c) => c.post(apiPaths.committeeMeetings(committee.id), { startsAt: '2027-04-01T18:30:00.000Z' })],
    ['POST meeting', (c) => c.post(apiPaths.meetings, { committeeId: committee.id, title: 'x', startsAt: '2027-04-01T18:30:00.000Z' })],
    ['GET working copy', (c) => c.get(apiPaths.clerkMeeting(target.id))],
    ['PATCH meeting', (c) => c.patch(apiPaths.meeting(target.id), { title: 'Hijacked' })],
    ['POST item', (c) => c.post(apiPaths.meetingItems(target.id), { title: 'Sneaky item' })],
    ['PATCH item', (c) => c.patch(apiPaths.item(item.id), { position: 2, confidential: true, confidentialReason: 'Paragraph 1, Schedule 12A' })],
    ['DELETE item', (c) => c.delete(apiPaths.item(item.id))],
    ['POST document', (c) => c.uploadPdf(`${apiPaths.itemDocuments(item.id)}?name=x.pdf`, pdf)],
    ['POST publish', (c) => c.post(apiPaths.publish(target.id), { changeNote: 'x' })],
    ['POST cancel', (c) => c.post(apiPaths.meetingCancel(target.id), { reason: 'x' })],
    ['POST postpone', (c) => c.post(apiPaths.meetingPostpone(target.id), { reason: 'x' })],
    ['GET exemption reasons', (c) => c.get(apiPaths.exemptionReasons)],
  ];
  for (const [name, client] of [['member', member], ['chair', chair], ['other committee clerk', otherClerk]] as const) {
    for (const [route, call] of clerkRoutes) {
      // Another committee's clerk has a workspace and sees the reasons list: those two are theirs too.
      if (client === otherClerk && (route === 'GET clerk committees' || route === 'GET exemption reasons')) continue;
      const error = await expectApiError(call(client), 403).catch((failure: unknown) => {
        throw new Error(`${route} by ${name}: ${String(failure)}`);
      });
      assert.equal(error.code, 'forbidden', `${route} by ${name}`);
    }
  }
  assert.equal(JSON.stringify(await workingCopy(target.id)), before, 'nothing changed');
  const [planning] = await clerk.get<ClerkCommittee[]>(apiPaths.clerkCommittees);
  assert.equal(planning!.defaults.venue, 'Council Chamber, Town Hall');
  assert.ok(!planning!.meetings.some((m) => m.startsAt.startsWith('2027-04-01')), 'no meeting was created');
  await expectApiError(new ApiClient(server.url, null).get(apiPaths.clerkCommittees), 401, 'unauthenticated');
});
