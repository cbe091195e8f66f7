/**
 * Agenda packs as documents of the meeting, over real HTTP against the real
 * server process with corpus papers: the clerk generates the public pack and,
 * with a confidential item, the confidential one; before publication they are
 * generated again as new versions; publishing sends them through the change
 * feed (the confidential pack to the committee only) and the public side lists
 * the public one (meeting page, OParl invitation, public file) and never the
 * confidential one; after publication late and replaced papers go into
 * numbered supplement packs (S1…, then on from the last supplement page) while
 * the main pack stays the same file; the packs are searchable; nobody but the
 * committee's clerk may read or generate them.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import {
  AgendaDocument, type AgendaItem, type Committee, type Meeting, MeetingPacksResponse, type SearchHit, apiPaths,
} from '../../common/wire.ts';
import { ApiClient, allChanges, expectApiError } from '../support/api-client.ts';
import { corpusPath } from '../support/corpus.ts';
import { inspectPdf } from '../support/pdf-inspect.ts';
import type { ServerProcess } from '../support/server-process.ts';
import { startTwoCommittees } from '../support/two-committees.ts';

let server: ServerProcess;
let clerk: ApiClient;
let chair: ApiClient;
let member: ApiClient;
/** A member of the other committee: may read the published meeting, never its confidential pack. */
let outsider: ApiClient;
let otherClerk: ApiClient;
let committee: Committee;
let meeting: Meeting;
const items: Record<string, AgendaItem> = {};

const CONFIDENTIAL_TITLE = 'Enforcement: Brook Farm';

before(async () => {
  const council = await startTwoCommittees([
    ['clerk', 'clerk', 'planning'],
    ['chair', 'chair', 'planning'],
    ['member', 'member', 'planning'],
    ['outsider', 'member', 'licensing'],
    ['otherclerk', 'clerk', 'licensing'],
  ] as const);
  ({ server, planning: committee } = council);
  ({ clerk, chair, member, outsider, otherclerk: otherClerk } = council.clients);

  meeting = await clerk.post<Meeting>(apiPaths.committeeMeetings(committee.id), { startsAt: '2026-12-03T18:30:00.000Z', venue: 'Council Chamber' });
  const add = async (key: string, body: Record<string, unknown>) => {
    items[key] = await clerk.post<AgendaItem>(apiPaths.meetingItems(meeting.id), body);
  };
  await add('application', { title: 'Planning application 25/00412/FUL' });
  await add('budget', { title: 'Budget amendments' });
  await add('enforcement', { title: CONFIDENTIAL_TITLE, confidential: true, confidentialReason: 'Paragraph 3, Schedule 12A' });
  await add('late', { title: 'Highways: residents’ parking review' });
  await upload('application', 'lametro_board_agenda_test.pdf', 'Officer report');
  await upload('application', 'ca_ladwp_board-of-commissioners_agenda.pdf', 'Site plan');
  await upload('budget', 'kent_county-council_printed-minutes_2025-02-13.pdf', 'Budget report');
  await upload('enforcement', 'epa_planning-commission_minutes_2020-01-27.pdf', 'Enforcement report (exempt)');
});

after(async () => {
  await server?.stop();
});

async function upload(item: string, file: string, name: string, replaces?: string): Promise<AgendaDocument> {
  const query = new URLSearchParams({ name, ...(replaces ? { replaces } : {}) });
  return AgendaDocument.parse(await clerk.uploadPdf(`${apiPaths.itemDocuments(items[item]!.id)}?${query}`, readFileSync(corpusPath(file))));
}

const packsOf = async (client: ApiClient = clerk) => MeetingPacksResponse.parse(await client.get(apiPaths.meetingPacks(meeting.id)));
const generate = async () => MeetingPacksResponse.parse(await clerk.post(apiPaths.meetingPacks(meeting.id)));

async function contentOf(client: ApiClient, sha256: string): Promise<Uint8Array> {
  const response = await fetch(new URL(apiPaths.documentContent(sha256), server.url), { headers: { authorization: `Bearer ${client.token}` } });
  assert.equal(response.status, 200, `content of ${sha256}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** The meeting's documents of kind 'pack' in the clerk's working copy. */
async function packDocuments(): Promise<AgendaDocument[]> {
  const copy = await clerk.get<{ documents: AgendaDocument[] }>(apiPaths.clerkMeeting(meeting.id));
  return copy.documents.map((document) => AgendaDocument.parse(document)).filter((document) => document.kind === 'pack');
}

test('only the committee’s clerk reads or generates the packs', async () => {
  for (const client of [chair, member, outsider, otherClerk]) {
    await expectApiError(client.get(apiPaths.meetingPacks(meeting.id)), 403, 'forbidden');
    await expectApiError(client.post(apiPaths.meetingPacks(meeting.id)), 403, 'forbidden');
  }
  const status = await packsOf();
  assert.deepEqual(status, { packs: [], unpacked: { public: 3, confidential: 1 }, next: 'main' });
});

let mainPack: AgendaDocument;

test('the clerk generates the public and the confidential pack, stored as documents of the meeting', async () => {
  const status = await generate();
  assert.equal(status.next, 'main', 'before publication the main packs can still be generated again');
  assert.deepEqual(status.unpacked, { public: 0, confidential: 0 });
  assert.deepEqual(status.packs.map((pack) => [pack.name, pack.audience, pack.supplement, pack.firstPage, pack.paperCount]), [
    ['Agenda pack', 'public', null, '1', 3],
    ['Confidential agenda pack', 'confidential', null, 'C1', 1],
  ]);
  const [publicPack, confidentialPack] = status.packs;
  const documents = await packDocuments();
  mainPack = documents.find((document) => document.id === publicPack!.documentId)!;
  assert.equal(mainPack.itemId, null);
  assert.equal(mainPack.meetingId, meeting.id);
  assert.equal(mainPack.committeeOnly, false);
  assert.equal(documents.find((document) => document.id === confidentialPack!.documentId)!.committeeOnly, true);
  // Front sheet, then the 7 + 7 pages of item 1 and the budget report: its pages are the stored document's.
  assert.equal(mainPack.pageCount, publicPack!.pageCount);
  assert.equal(publicPack!.lastPage, String(publicPack!.pageCount));
  assert.equal(mainPack.hasText, true);

  const pdf = await inspectPdf(await contentOf(clerk, mainPack.sha256));
  assert.deepEqual(pdf.outline, [
    '1. Apologies for absence', '2. Declarations of interest', '3. Minutes of the previous meeting', '4. Planning application 25/00412/FUL',
    '5. Budget amendments', '7. Highways: residents’ parking review',
  ]);
  assert.doesNotMatch(pdf.text, /Brook Farm|Enforcement report/, 'the public pack never names a confidential item');
  const confidential = await inspectPdf(await contentOf(clerk, documents.find((document) => document.id === confidentialPack!.documentId)!.sha256));
  assert.deepEqual(confidential.outline, [`6. ${CONFIDENTIAL_TITLE}`]);
  assert.match(confidential.text, /Not for publication/);
});

test('before publication the clerk may generate the main packs again: new versions of the same documents', async () => {
  const before = await packDocuments();
  await generate();
  const after = await packDocuments();
  assert.deepEqual(after.map((document) => [document.lineageId, document.version]), before.map((document) => [document.lineageId, document.version + 1]));
  mainPack = after.find((document) => document.committeeOnly === false)!;
  assert.equal((await packsOf()).packs.length, 2, 'only the current versions are listed');
});

test('publishing sends the packs through the feed, the confidential one to the committee only; the public side shows the public one', async () => {
  await clerk.post(apiPaths.publish(meeting.id), { changeNote: null });
  const packsInFeed = async (client: ApiClient) =>
    (await allChanges(client)).changes.flatMap((change) =>
      change.kind === 'document' && change.op === 'upsert' && change.data.kind === 'pack' ? [change.data.name] : [],
    );
  assert.deepEqual((await packsInFeed(member)).sort(), ['Agenda pack', 'Confidential agenda pack']);
  assert.deepEqual(await packsInFeed(outsider), ['Agenda pack']);
  await expectApiError(outsider.get(apiPaths.documentContent((await packDocuments()).find((d) => d.committeeOnly)!.sha256)), 404);

  const page = await (await fetch(new URL(`/meetings/${meeting.id}`, server.url))).text();
  assert.match(page, /Agenda pack/);
  assert.match(page, new RegExp(`/files/${mainPack.id}/view`));
  assert.doesNotMatch(page, /Confidential agenda pack/);
  const publicFile = await fetch(new URL(`/files/${mainPack.id}/view`, server.url));
  assert.equal(publicFile.status, 200);
  assert.equal(publicFile.headers.get('etag'), `"${mainPack.sha256}"`);
  const confidentialId = (await packDocuments()).find((d) => d.committeeOnly)!.id;
  assert.equal((await fetch(new URL(`/files/${confidentialId}/view`, server.url))).status, 404);

  const oparlMeeting = (await (await fetch(new URL(`/oparl/v1.1/meetings/${meeting.id}`, server.url))).json()) as { invitation?: { id: string } };
  assert.equal(oparlMeeting.invitation?.id, `${server.url}/oparl/v1.1/files/${mainPack.id}`);
});

test('the packs are searchable like any paper: members find their pages', async () => {
  const hits = await member.get<SearchHit[]>(`${apiPaths.search}?q=${encodeURIComponent('Not for publication')}`);
  assert.ok(hits.some((hit) => hit.name === 'Confidential agenda pack'), 'a member finds the confidential pack');
  const outsiderHits = await outsider.get<SearchHit[]>(`${apiPaths.search}?q=${encodeURIComponent('Not for publication')}`);
  assert.ok(!outsiderHits.some((hit) => hit.name === 'Confidential agenda pack'), 'others never do');
  const agendaHits = await outsider.get<SearchHit[]>(`${apiPaths.search}?q=${encodeURIComponent('Highways residents parking review')}`);
  assert.ok(agendaHits.some((hit) => hit.documentId === mainPack.id && hit.page === 1), 'the front sheet lists the agenda');
});

test('after publication late and replaced papers go into numbered supplement packs; the main pack stays as it was', async () => {
  await expectApiError(clerk.post(apiPaths.meetingPacks(meeting.id)), 409, 'nothing-to-pack');
  const [officerReport] = (await clerk.get<{ documents: AgendaDocument[] }>(apiPaths.clerkMeeting(meeting.id))).documents.filter((d) => d.name === 'Officer report');
  await upload('late', 'chi_police-district-council-001_notice-agenda_2023-06-06.pdf', 'Late representations');
  await upload('application', 'epa_planning-commission_minutes_2020-01-27.pdf', 'Officer report (revised)', officerReport!.id);
  const waiting = await packsOf();
  assert.deepEqual(waiting.unpacked, { public: 2, confidential: 0 });
  assert.equal(waiting.next, 'supplement');

  const first = await generate();
  const supplement1 = first.packs.find((pack) => pack.supplement === 1)!;
  assert.equal(supplement1.name, 'Supplement 1 to the agenda pack');
  assert.equal(supplement1.audience, 'public');
  assert.equal(supplement1.firstPage, 'S1');
  assert.equal(supplement1.paperCount, 2);
  assert.equal(first.next, 'nothing');
  const main = (await packDocuments()).find((document) => document.lineageId === mainPack.lineageId)!;
  assert.deepEqual([main.id, main.sha256], [mainPack.id, mainPack.sha256], 'the main pack is the same file: its page numbers never shift');
  const supplementPdf = await inspectPdf(await contentOf(clerk, (await packDocuments()).find((d) => d.id === supplement1.documentId)!.sha256));
  assert.deepEqual(supplementPdf.outline, ['4. Planning application 25/00412/FUL', '7. Highways: residents’ parking review']);
  assert.match(supplementPdf.text, /Supplement 1 to the agenda pack/);
  assert.match(supplementPdf.text, /S1\b/);

  // A second supplement counts on from the first one's last page.
  await upload('budget', 'chi_ssa21-lincoln-square_minutes_2018-01-29.pdf', 'Budget: late appendix');
  const second = await generate();
  const supplement2 = second.packs.find((pack) => pack.supplement === 2)!;
  assert.equal(supplement2.firstPage, `S${supplement1.pageCount + 1}`);
  assert.equal(supplement2.paperCount, 1);

  await clerk.post(apiPaths.publish(meeting.id), { changeNote: 'Late representations; revised officer report; late appendix' });
  const memberPacks = (await allChanges(member)).changes.flatMap((change) =>
    change.kind === 'document' && change.op === 'upsert' && change.data.kind === 'pack' ? [change.data.name] : [],
  );
  assert.ok(memberPacks.includes('Supplement 1 to the agenda pack') && memberPacks.includes('Supplement 2 to the agenda pack'));
});
