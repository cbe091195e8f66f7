/**
 * Substitutes and officers over real HTTP against the real server process:
 * both receive the committee's papers, confidential ones and the confidential
 * agenda pack included; a substitute is named publicly with the committee (its
 * public page, OParl memberships, the pack's front sheet) and an officer never
 * is; neither votes nor counts towards quorum; the admin's role change takes
 * either in and out of the public record.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { type AgendaItem, type Meeting, MeetingPacksResponse, MeetingSessionState, apiPaths } from '../../common/wire.ts';
import { type ApiClient, allChanges } from '../support/api-client.ts';
import { corpusPath } from '../support/corpus.ts';
import { inspectPdf } from '../support/pdf-inspect.ts';
import type { ServerProcess } from '../support/server-process.ts';
import { type TwoCommittees, startTwoCommittees } from '../support/two-committees.ts';

type Person = 'clerk' | 'chair' | 'member' | 'substitute' | 'officer';
let council: TwoCommittees<Person>;
let server: ServerProcess;
let meeting: Meeting;

before(async () => {
  council = await startTwoCommittees<Person>([
    ['clerk', 'clerk', 'planning'],
    ['chair', 'chair', 'planning'],
    ['member', 'member', 'planning'],
    ['substitute', 'substitute', 'planning'],
    ['officer', 'officer', 'planning'],
  ]);
  server = council.server;
  const { clerk } = council.clients;
  meeting = await clerk.post<Meeting>(apiPaths.meetings, { committeeId: council.planning.id, title: 'Planning Committee', startsAt: '2026-12-03T18:30:00.000Z' });
  const exempt = await clerk.post<AgendaItem>(apiPaths.meetingItems(meeting.id), { title: 'Exempt valuation', confidential: true, confidentialReason: 'Paragraph 3, Schedule 12A' });
  await clerk.uploadPdf(`${apiPaths.itemDocuments(exempt.id)}?name=Valuation`, readFileSync(corpusPath('epa_planning-commission_minutes_2020-01-27.pdf')));
  MeetingPacksResponse.parse(await clerk.post(apiPaths.meetingPacks(meeting.id)));
  await clerk.post(apiPaths.publish(meeting.id), { changeNote: null });
});

after(async () => {
  await server?.stop();
});

const documentsInFeed = async (client: ApiClient) =>
  (await allChanges(client)).changes.flatMap((change) => (change.kind === 'document' && change.op === 'upsert' ? [change.data.name] : [])).sort();

test('substitutes and officers receive the committee’s confidential papers and its confidential pack', async () => {
  for (const person of ['substitute', 'officer'] as const) {
    assert.deepEqual(await documentsInFeed(council.clients[person]), ['Agenda pack', 'Confidential agenda pack', 'Valuation'], person);
  }
});

test('a substitute is named publicly with the committee, an officer never is', async () => {
  const page = await (await fetch(new URL(`/committees/${council.planning.id}`, server.url))).text();
  assert.match(page, /Test substitute/);
  assert.match(page, /Substitute/);
  assert.doesNotMatch(page, /Test officer/);
  assert.doesNotMatch(page, /Test clerk/);

  const memberships = (await (await fetch(new URL('/oparl/v1.1/bodies', server.url))).json()) as { data: { membership: string }[] };
  const list = (await (await fetch(memberships.data[0]!.membership)).json()) as { data: { person: string; role: string }[] };
  assert.deepEqual(list.data.map((membership) => membership.role).sort(), ['Chair', 'Member', 'Substitute']);

  // The pack's front sheet lists the membership as the public knows it.
  const packs = MeetingPacksResponse.parse(await council.clients.clerk.get(apiPaths.meetingPacks(meeting.id)));
  const documents = (await council.clients.clerk.get<{ documents: { id: string; sha256: string }[] }>(apiPaths.clerkMeeting(meeting.id))).documents;
  const pack = documents.find((document) => document.id === packs.packs.find((p) => p.audience === 'public')!.documentId)!;
  const response = await fetch(new URL(apiPaths.documentContent(pack.sha256), server.url), { headers: { authorization: `Bearer ${council.clients.clerk.token}` } });
  const text = (await inspectPdf(new Uint8Array(await response.arrayBuffer()))).text;
  assert.match(text, /Test substitute Substitute/);
  assert.doesNotMatch(text, /Test officer/);
});

test('neither votes nor counts towards quorum', async () => {
  const state = MeetingSessionState.parse(await council.clients.clerk.get(apiPaths.session(meeting.id)));
  const voting = Object.fromEntries(state.roll.map((entry) => [entry.displayName, entry.votingMember]));
  assert.deepEqual(voting, { 'Test chair': true, 'Test member': true, 'Test substitute': false, 'Test clerk': false, 'Test officer': false });
  assert.deepEqual(state.roll.map((entry) => entry.role), ['chair', 'member', 'substitute', 'clerk', 'officer'], 'the roll lists councillors first');
});

test('a substitute made an officer leaves the public record; made a substitute again, returns', async () => {
  const { admin, planning, users } = council;
  const committeePage = async () => (await (await fetch(new URL(`/committees/${planning.id}`, server.url))).text()).includes('Test substitute');
  await admin.put(apiPaths.adminMembership(planning.id, users.substitute.id), { role: 'officer' });
  assert.equal(await committeePage(), false);
  // Open data lists it as deleted (OParl 1.1 "Gelöschte Objekte"): the trigger of migration 011 left a public tombstone.
  const membershipUrl = new URL(`/oparl/v1.1/memberships/${planning.id}/${users.substitute.id}`, server.url);
  assert.equal(((await (await fetch(membershipUrl)).json()) as { deleted?: boolean }).deleted, true);
  await admin.put(apiPaths.adminMembership(planning.id, users.substitute.id), { role: 'substitute' });
  assert.equal(await committeePage(), true);
});
