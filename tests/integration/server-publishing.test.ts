/**
 * The publishing flow over real HTTP and WebSocket against the real server
 * process: a clerk builds and publishes a meeting with a confidential item;
 * members, an outsider and an anonymous caller each get exactly what they may
 * see through the meeting API, the change feed and document content; a
 * republication reaches mirrors as a diff; membership changes purge/resync.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import {
  type AgendaDocument, type AgendaItem, type Committee, LiveFeedMessage, type Meeting, MeetingDetailResponse,
  type UserProfile, apiPaths,
} from '../../common/wire.ts';
import { ApiClient, allChanges as feedChanges, expectApiError } from '../support/api-client.ts';
import { corpusPath } from '../support/corpus.ts';
import type { ServerProcess } from '../support/server-process.ts';
import { startTwoCommittees } from '../support/two-committees.ts';

/** The feed in pages of three, so paging is exercised too. */
const allChanges = (client: ApiClient, since = 0) => feedChanges(client, since, 3);

let server: ServerProcess;
let admin: ApiClient;
let clerk: ApiClient;
let member: ApiClient;
let outsider: ApiClient;
let committee: Committee;
let otherCommittee: Committee;
const users: Record<string, UserProfile> = {};

const AGENDA_PDF = 'kent_county-council_agenda-frontsheet_2025-02-13.pdf';
const REPORT_PDF = 'lametro_board_agenda_test.pdf';
const CONFIDENTIAL_PDF = 'chi_ssa21-lincoln-square_minutes_2018-01-29.pdf';
const REPORT_V2_PDF = 'epa_planning-commission_minutes_2020-01-27.pdf';
const SUPPLEMENT_PDF = 'chi_police-district-council-001_notice-agenda_2023-06-06.pdf';

function upload(client: ApiClient, itemId: string, file: string, query: string): Promise<AgendaDocument> {
  return client.uploadPdf<AgendaDocument>(`${apiPaths.itemDocuments(itemId)}?${query}`, readFileSync(corpusPath(file)));
}

async function fetchContent(sha256: string, token: string | null): Promise<Response> {
  return fetch(new URL(apiPaths.documentContent(sha256), server.url), { headers: token ? { authorization: `Bearer ${token}` } : {} });
}

before(async () => {
  const council = await startTwoCommittees([
    ['clerk', 'clerk', 'planning'],
    ['member', 'member', 'planning'],
    ['outsider', 'member', 'licensing'],
  ] as const);
  ({ server, admin, planning: committee, licensing: otherCommittee } = council);
  Object.assign(users, council.users);
  ({ clerk, member, outsider } = council.clients);
});

after(async () => {
  await server?.stop();
});

let meeting: Meeting;
let publicItem: AgendaItem;
let confidentialItem: AgendaItem;
let report: AgendaDocument;
let confidentialReport: AgendaDocument;
let feedAfterFirstPublish: number;

test('a clerk builds a draft meeting that nobody else can see yet', async () => {
  meeting = await clerk.post<Meeting>(apiPaths.meetings, {
    committeeId: committee.id,
    title: 'Planning Committee',
    startsAt: '2026-12-03T18:30:00.000Z',
    venue: 'Council Chamber',
  });
  assert.equal(meeting.state, 'draft');
  assert.equal(meeting.publishedVersion, 0);
  const agendaItem = await clerk.post<AgendaItem>(apiPaths.meetingItems(meeting.id), { number: '1', title: 'Agenda and apologies' });
  publicItem = await clerk.post<AgendaItem>(apiPaths.meetingItems(meeting.id), { number: '2', title: 'Planning application 25/00412/FUL' });
  confidentialItem = await clerk.post<AgendaItem>(apiPaths.meetingItems(meeting.id), {
    number: '3',
    title: 'Enforcement: Brook Farm',
    confidential: true,
    confidentialReason: 'Paragraph 3, Schedule 12A',
  });
  assert.equal(confidentialItem.position, 2);

  const agenda = await upload(clerk, agendaItem.id, AGENDA_PDF, 'name=Agenda.pdf&kind=agenda');
  assert.equal(agenda.pageCount, 3);
  assert.equal(agenda.kind, 'agenda');
  assert.equal(agenda.hasText, true);
  report = await upload(clerk, publicItem.id, REPORT_PDF, 'name=Report.pdf');
  assert.equal(report.kind, 'report', 'before publication an upload defaults to a report');
  assert.equal(report.version, 1);
  confidentialReport = await upload(clerk, confidentialItem.id, CONFIDENTIAL_PDF, 'name=Exempt%20report.pdf');

  // Only the clerk sees the draft.
  const clerkView = MeetingDetailResponse.parse(await clerk.get(apiPaths.meeting(meeting.id)));
  assert.equal(clerkView.items.length, 3);
  await expectApiError(member.get(apiPaths.meeting(meeting.id)), 404, 'not-found');
  assert.deepEqual(await member.get(apiPaths.meetings), []);
  assert.equal((await fetchContent(report.sha256, null)).status, 401);
  const memberToken = member.token!;
  assert.equal((await fetchContent(report.sha256, memberToken)).status, 404, 'unpublished documents are not served');
});

test('only the committee clerk may change or publish the meeting', async () => {
  await expectApiError(member.post(apiPaths.meetingItems(meeting.id), { number: '9', title: 'Sneaky item' }), 403, 'forbidden');
  await expectApiError(outsider.post(apiPaths.publish(meeting.id), {}), 403, 'forbidden');
  await expectApiError(
    member.uploadPdf(`${apiPaths.itemDocuments(publicItem.id)}?name=x.pdf`, readFileSync(corpusPath(REPORT_PDF))),
    403,
    'forbidden',
  );
  await expectApiError(clerk.post(apiPaths.meetings, { committeeId: otherCommittee.id, title: 'Not mine', startsAt: '2026-12-03T18:30:00Z' }), 403);
  await expectApiError(clerk.post(apiPaths.meetingItems(meeting.id), { number: '', title: 'x' }), 400, 'invalid-request');
  await expectApiError(clerk.post(apiPaths.meetingItems(meeting.id), { number: '4', title: 'Secret', confidential: true }), 400, 'reason-required');
});

test('publishing reaches members in full and outsiders without the confidential item, on every path', async () => {
  const live = await openLiveFeed(member.token!);
  const published = await clerk.post<Meeting>(apiPaths.publish(meeting.id), { changeNote: 'Agenda published' });
  assert.equal(published.state, 'published');
  assert.equal(published.publishedVersion, 1);
  const poke = await live.next((message) => message.type === 'poke' && message.latestSeq > 0);
  live.close();

  const memberFeed = await allChanges(member);
  assert.ok(memberFeed.nextSince >= (poke.type === 'poke' ? poke.latestSeq : 0));
  const memberIds = new Set(memberFeed.changes.flatMap((c) => ('data' in c && 'id' in c.data ? [c.data.id] : [])));
  assert.ok(memberIds.has(meeting.id) && memberIds.has(publicItem.id) && memberIds.has(confidentialItem.id) && memberIds.has(confidentialReport.id));
  const seqs = memberFeed.changes.map((c) => c.seq);
  assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), 'seq strictly increasing');
  assert.equal(new Set(seqs).size, seqs.length);
  feedAfterFirstPublish = memberFeed.nextSince;

  // Outsider: feed, meeting API and content all withhold the confidential item and its document.
  const outsiderFeed = await allChanges(outsider);
  const outsiderIds = new Set(outsiderFeed.changes.flatMap((c) => ('data' in c && 'id' in c.data ? [c.data.id] : [])));
  assert.ok(outsiderIds.has(meeting.id) && outsiderIds.has(publicItem.id) && outsiderIds.has(report.id));
  assert.ok(!outsiderIds.has(confidentialItem.id), 'confidential item leaked through the feed');
  assert.ok(!outsiderIds.has(confidentialReport.id), 'confidential document leaked through the feed');
  assert.ok(!JSON.stringify(outsiderFeed).includes('Brook Farm'));

  const outsiderView = MeetingDetailResponse.parse(await outsider.get(apiPaths.meeting(meeting.id)));
  assert.deepEqual(outsiderView.items.map((i) => i.number), ['1', '2']);
  assert.ok(!outsiderView.documents.some((d) => d.id === confidentialReport.id));
  const memberView = MeetingDetailResponse.parse(await member.get(apiPaths.meeting(meeting.id)));
  assert.deepEqual(memberView.items.map((i) => i.number), ['1', '2', '3']);
  assert.equal(memberView.items[2]!.confidentialReason, 'Paragraph 3, Schedule 12A');

  assert.equal((await fetchContent(confidentialReport.sha256, outsider.token)).status, 404);
  assert.equal((await fetchContent(confidentialReport.sha256, null)).status, 401);
  assert.equal((await fetchContent(confidentialReport.sha256, 'x'.repeat(43))).status, 401);
  const memberContent = await fetchContent(confidentialReport.sha256, member.token);
  assert.equal(memberContent.status, 200);
  assert.equal(Buffer.from(await memberContent.arrayBuffer()).length, confidentialReport.size);
  assert.equal((await fetchContent(report.sha256, outsider.token)).status, 200, 'public documents reach every signed-in user');

  // Anonymous callers get nothing anywhere.
  await expectApiError(new ApiClient(server.url, null).get(apiPaths.meeting(meeting.id)), 401, 'unauthenticated');
  await expectApiError(new ApiClient(server.url, null).get(`${apiPaths.changes}?since=0`), 401, 'unauthenticated');
});

test('republishing sends only the difference: new item, replaced report (old version tombstoned), supplement', async () => {
  const newItem = await clerk.post<AgendaItem>(apiPaths.meetingItems(meeting.id), { number: '2a', title: 'Tree Preservation Order', parentItemId: publicItem.id });
  const v2 = await upload(clerk, publicItem.id, REPORT_V2_PDF, `name=Report%20v2.pdf&replaces=${report.id}`);
  assert.equal(v2.lineageId, report.lineageId);
  assert.equal(v2.version, 2);
  assert.equal(v2.kind, 'report');
  const supplement = await upload(clerk, newItem.id, SUPPLEMENT_PDF, 'name=Late%20representations.pdf');
  assert.equal(supplement.kind, 'supplement', 'after publication an addition defaults to a supplement');
  await expectApiError(upload(clerk, newItem.id, SUPPLEMENT_PDF, `name=x.pdf&replaces=${report.id}`), 400, 'invalid-replaces');

  // Members do not see unpublished edits.
  const before = MeetingDetailResponse.parse(await member.get(apiPaths.meeting(meeting.id)));
  assert.equal(before.items.length, 3);

  const republished = await clerk.post<Meeting>(apiPaths.publish(meeting.id), { changeNote: 'Revised report and late representations' });
  assert.equal(republished.publishedVersion, 2);
  const { changes } = await allChanges(member, feedAfterFirstPublish);
  const summary = changes.map((c) => `${c.kind}:${c.op}:${'id' in c ? c.id : 'data' in c && 'id' in c.data ? c.data.id : ''}`);
  assert.deepEqual(summary.sort(), [
    `document:delete:${report.id}`,
    `document:upsert:${supplement.id}`,
    `document:upsert:${v2.id}`,
    `item:upsert:${newItem.id}`,
    `meeting:upsert:${meeting.id}`,
  ].sort());
  const meetingChange = changes.find((c) => c.kind === 'meeting' && c.op === 'upsert');
  assert.ok(meetingChange && meetingChange.op === 'upsert' && 'changeNote' in meetingChange.data);
  assert.equal(meetingChange.data.changeNote, 'Revised report and late representations');

  const after = MeetingDetailResponse.parse(await member.get(apiPaths.meeting(meeting.id)));
  assert.deepEqual(after.items.map((i) => i.number), ['1', '2', '2a', '3']);
  assert.ok(after.documents.some((d) => d.id === v2.id) && !after.documents.some((d) => d.id === report.id));

  // Publishing again without changes only re-announces the meeting.
  const quiet = await allChanges(member, (await allChanges(member)).nextSince);
  assert.equal(quiet.changes.length, 0);
  await clerk.post(apiPaths.publish(meeting.id), {});
  const onlyMeeting = await allChanges(member, quiet.nextSince);
  assert.deepEqual(onlyMeeting.changes.map((c) => c.kind), ['meeting']);
});

test('ending a membership purges, starting one resyncs, and visibility follows at once', async () => {
  const outsiderStart = (await allChanges(outsider)).nextSince;
  await admin.put(apiPaths.adminMembership(committee.id, users.outsider!.id), { role: 'observer' });
  const joined = await allChanges(outsider, outsiderStart);
  assert.deepEqual(joined.changes.map((c) => `${c.kind}:${c.op}`), ['membership:upsert', 'mirror:resync']);
  const resynced = await allChanges(outsider, 0);
  assert.ok(resynced.changes.some((c) => c.kind === 'item' && c.op === 'upsert' && c.data.id === confidentialItem.id));
  assert.equal((await fetchContent(confidentialReport.sha256, outsider.token)).status, 200);

  await admin.delete(apiPaths.adminMembership(committee.id, users.outsider!.id));
  const left = await allChanges(outsider, resynced.nextSince);
  assert.deepEqual(left.changes.map((c) => `${c.kind}:${c.op}:${'id' in c ? c.id : ''}`), [
    `membership:delete:${committee.id}`,
    `committee:purge:${committee.id}`,
  ]);
  assert.equal((await fetchContent(confidentialReport.sha256, outsider.token)).status, 404);
  const fromScratch = await allChanges(outsider, 0);
  assert.ok(!fromScratch.changes.some((c) => c.kind === 'item' && c.op === 'upsert' && c.data.id === confidentialItem.id));
  // Other users never see someone else's membership rows.
  assert.ok(!(await allChanges(member, 0)).changes.some((c) => c.kind === 'membership' && c.op === 'upsert' && c.data.committeeId === committee.id && c.data.role === 'observer'));
});

test('an item made confidential is withdrawn from outsiders, and a deleted item leaves tombstones', async () => {
  const current = MeetingDetailResponse.parse(await clerk.get(apiPaths.meeting(meeting.id)));
  const treeItem = current.items.find((i) => i.number === '2a')!;
  const treeDocs = current.documents.filter((d) => d.itemId === treeItem.id).map((d) => d.id);
  const reportDocs = current.documents.filter((d) => d.itemId === publicItem.id).map((d) => d.id);
  assert.equal(treeDocs.length, 1);
  const outsiderSince = (await allChanges(outsider)).nextSince;
  const memberSince = (await allChanges(member)).nextSince;

  const patched = await clerk.patch<AgendaItem>(apiPaths.item(publicItem.id), { confidential: true, confidentialReason: 'Paragraph 5, Schedule 12A' });
  assert.equal(patched.confidential, true);
  await expectApiError(clerk.patch(apiPaths.item(publicItem.id), { confidentialReason: null }), 400, 'reason-required');
  await expectApiError(member.delete(apiPaths.item(treeItem.id)), 403);
  await clerk.delete(apiPaths.item(treeItem.id));
  await clerk.post(apiPaths.publish(meeting.id), { changeNote: 'Item 2 now exempt; item 2a withdrawn' });

  const outsiderChanges = (await allChanges(outsider, outsiderSince)).changes;
  const outsiderSummary = outsiderChanges.map((c) => `${c.kind}:${c.op}:${'id' in c ? c.id : c.op === 'upsert' && 'id' in c.data ? c.data.id : ''}`);
  assert.deepEqual(outsiderSummary.sort(), [
    ...treeDocs.map((id) => `document:delete:${id}`),
    ...reportDocs.map((id) => `document:delete:${id}`),
    `item:delete:${treeItem.id}`,
    `item:delete:${publicItem.id}`,
    `meeting:upsert:${meeting.id}`,
  ].sort());
  assert.ok(!JSON.stringify(outsiderChanges).includes('Paragraph 5'));
  const outsiderView = MeetingDetailResponse.parse(await outsider.get(apiPaths.meeting(meeting.id)));
  assert.deepEqual(outsiderView.items.map((i) => i.number), ['1']);

  // Members get the tombstone first, then the confidential state.
  const memberChanges = (await allChanges(member, memberSince)).changes;
  const itemOps = memberChanges.filter((c) => (c.op === 'delete' && c.id === publicItem.id) || (c.op === 'upsert' && c.kind === 'item' && c.data.id === publicItem.id));
  assert.deepEqual(itemOps.map((c) => c.op), ['delete', 'upsert']);
  const memberView = MeetingDetailResponse.parse(await member.get(apiPaths.meeting(meeting.id)));
  assert.deepEqual(memberView.items.map((i) => i.number), ['1', '2', '3']);
  assert.equal(memberView.items[1]!.confidential, true);
});

test('the clerk edits and cancels a published meeting; mirrors learn on republish', async () => {
  const since = (await allChanges(member)).nextSince;
  await expectApiError(clerk.patch(apiPaths.meeting(meeting.id), { state: 'draft' }), 409, 'already-published');
  await expectApiError(clerk.patch(apiPaths.meeting(meeting.id), { endsAt: '2026-12-01T00:00:00Z' }), 400, 'invalid-times');
  await expectApiError(member.patch(apiPaths.meeting(meeting.id), { venue: 'My kitchen' }), 403);
  const edited = await clerk.patch<Meeting>(apiPaths.meeting(meeting.id), { venue: 'Committee Room 2', state: 'cancelled' });
  assert.equal(edited.venue, 'Committee Room 2');
  assert.equal((await allChanges(member, since)).changes.length, 0, 'nothing reaches mirrors before publishing');
  await clerk.post(apiPaths.publish(meeting.id), { changeNote: 'Meeting cancelled' });
  const { changes } = await allChanges(member, since);
  assert.equal(changes.length, 1);
  const [change] = changes;
  assert.ok(change?.kind === 'meeting' && change.op === 'upsert' && 'state' in change.data);
  assert.equal(change.data.state, 'cancelled');
  assert.equal(change.data.venue, 'Committee Room 2');
  await clerk.patch(apiPaths.meeting(meeting.id), { state: 'published' });
  await clerk.post(apiPaths.publish(meeting.id), { changeNote: 'Meeting reinstated' });
});

test('the clerk reorders items; the new order reaches members on republish', async () => {
  const before = MeetingDetailResponse.parse(await clerk.get(apiPaths.meeting(meeting.id)));
  const topLevel = before.items.filter((i) => i.parentItemId === null).map((i) => i.number);
  const last = before.items.find((i) => i.number === topLevel[topLevel.length - 1])!;
  await clerk.patch(apiPaths.item(last.id), { position: 0 });
  const after = MeetingDetailResponse.parse(await clerk.get(apiPaths.meeting(meeting.id)));
  assert.deepEqual(after.items.filter((i) => i.parentItemId === null).map((i) => i.number), [last.number, ...topLevel.slice(0, -1)]);
  assert.deepEqual(after.items.filter((i) => i.parentItemId === null).map((i) => i.position), topLevel.map((_, index) => index));
  await clerk.post(apiPaths.publish(meeting.id), { changeNote: 'Agenda reordered' });
  const memberView = MeetingDetailResponse.parse(await member.get(apiPaths.meeting(meeting.id)));
  assert.equal(memberView.items[0]!.id, last.id);
});

test('the live feed refuses unauthenticated upgrades and closes only a connection that sends garbage', async () => {
  const refused = await new Promise<number>((resolve) => {
    const socket = new WebSocket(server.url.replace('http', 'ws') + apiPaths.changesLive);
    socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    socket.on('error', () => resolve(-1));
  });
  assert.equal(refused, 401);

  const bad = await openLiveFeed(member.token!, true);
  const good = await openLiveFeed(member.token!);
  bad.socket.send('{"type":"subscribe-everything"}');
  const closeCode = await new Promise<number>((resolve) => bad.socket.once('close', (code) => resolve(code)));
  assert.equal(closeCode, 1008);
  good.socket.send('{"type":"ping"}');
  await clerk.post(apiPaths.publish(meeting.id), { changeNote: 'Still alive' });
  const poke = await good.next((message) => message.type === 'poke');
  assert.ok(poke.type === 'poke' && poke.latestSeq > 0);
  good.close();
});

/** Opens the live feed; by default with the Authorization header, or with the token subprotocol. */
async function openLiveFeed(token: string, viaSubprotocol = false) {
  const url = server.url.replace('http', 'ws') + apiPaths.changesLive;
  const socket = viaSubprotocol ? new WebSocket(url, [`chamber-token.${token}`]) : new WebSocket(url, { headers: { authorization: `Bearer ${token}` } });
  const messages: LiveFeedMessage[] = [];
  const waiters: { match: (m: LiveFeedMessage) => boolean; resolve: (m: LiveFeedMessage) => void }[] = [];
  socket.on('message', (data) => {
    const message = LiveFeedMessage.parse(JSON.parse(String(data)));
    messages.push(message);
    for (const waiter of [...waiters]) {
      if (waiter.match(message)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(message);
      }
    }
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return {
    socket,
    close: () => socket.close(),
    /** The first message (already received or future) that matches; the initial poke counts. */
    next(match: (m: LiveFeedMessage) => boolean): Promise<LiveFeedMessage> {
      const seen = messages.findIndex(match);
      if (seen >= 0) return Promise.resolve(messages.splice(seen, 1)[0]!);
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
  };
}
