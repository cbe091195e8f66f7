/**
 * Minutes over the real server process (demo council, a minute-taker added):
 * the server seeds the document from the agenda on first open; who may read
 * and write it in each workflow state; a closed vote's block arrives at an
 * open editor without anyone typing it; the routes refuse the wrong roles and
 * the wrong order; approval records the text's SHA-256 in the audit log, and
 * from then on a raw Yjs client's write is refused (nothing relayed, the
 * stored document unchanged); amendments; the meeting record as outsiders
 * and members see it; stock phrases; the action list; the PDF as pdf.js reads
 * it; publishing two meeting-level PDFs whose public one holds no exempt text.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { MINUTES_FRAGMENT, MeetingRecord, MinutesStatus, type StockPhrase, minutesNodes, minutesPaths } from '../../common/minutes.ts';
import { ChangePage, MeetingDetailResponse, apiPaths, yjsDocName } from '../../common/wire.ts';
import { ApiClient, ApiRequestError } from '../support/api-client.ts';
import { inspectPdf } from '../support/pdf-inspect.ts';
import { type ServerProcess, startServerProcess } from '../support/server-process.ts';
import { type VotingCouncil, cast, command, openMotion, signInDemoCouncil } from '../support/voting-council.ts';
import { UpgradeRefused, YjsSocket } from '../support/yjs-socket.ts';

const SECRET_WORDING = 'The tender from Northgate Ltd was 14 per cent below the others';
const RESOLUTION = 'RESOLVED that planning permission be refused for the reasons in the report.';

let server: ServerProcess;
let council: VotingCouncil;
let minuteTaker: ApiClient;
let meetingId: string;
let docName: string;
let carriedVoteId: string;
let lostVoteId: string;
const sockets: YjsSocket[] = [];

before(async () => {
  server = await startServerProcess({ seed: 'demo' });
  council = await signInDemoCouncil(server);
  meetingId = council.meeting.id;
  docName = yjsDocName.minutes(meetingId);
  const created = await council.clients.admin.post<{ id: string }>(apiPaths.adminUsers, {
    username: 'minutes', displayName: 'Sam Reid (Minute-taker)', password: 'minute-taker-password-1',
  });
  await council.clients.admin.put(apiPaths.adminMembership(council.meeting.committeeId, created.id), { role: 'minute-taker' });
  minuteTaker = await ApiClient.login(server.url, 'minutes', 'minute-taker-password-1');
});

after(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  await server?.stop();
  assert.equal(server.process.exitCode, 0, server.output());
});

async function open(client: ApiClient, name = docName): Promise<YjsSocket> {
  const socket = await YjsSocket.open(server.url, client.token!, name);
  sockets.push(socket);
  assert.equal(await socket.roundTrip(), 'answered');
  return socket;
}

const fragmentOf = (socket: YjsSocket) => socket.doc.getXmlFragment(MINUTES_FRAGMENT);
const topNodes = (socket: YjsSocket) => fragmentOf(socket).toArray().filter((node): node is Y.XmlElement => node instanceof Y.XmlElement);

/** Types `text` into the (seeded, empty) paragraph of the item's section, as an editor would. */
function typeInSection(socket: YjsSocket, itemId: string, text: string): void {
  socket.write(() => {
    const nodes = topNodes(socket);
    const start = nodes.findIndex((node) => node.nodeName === minutesNodes.itemSection && node.getAttribute('itemId') === itemId);
    const paragraph = nodes.slice(start + 1).find((node) => node.nodeName === 'paragraph')!;
    paragraph.insert(paragraph.length, [new Y.XmlText(text)]);
  });
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let attempt = 0; attempt < 200 && !condition(); attempt += 1) await new Promise((resolve) => setTimeout(resolve, 25));
  assert.ok(condition(), what);
}

const refusedWith = (status: number, code?: string) => (error: unknown) => {
  assert.ok(error instanceof ApiRequestError, String(error));
  assert.equal(error.status, status, error.message);
  if (code) assert.equal(error.code, code);
  return true;
};

const transition = async (client: ApiClient, body: unknown) => MinutesStatus.parse(await client.post(minutesPaths.minutes(meetingId), body));

async function getBytes(client: ApiClient, url: string): Promise<{ status: number; type: string | null; bytes: Uint8Array }> {
  const response = await fetch(new URL(url, server.url), { headers: { authorization: `Bearer ${client.token}` } });
  return { status: response.status, type: response.headers.get('content-type'), bytes: new Uint8Array(await response.arrayBuffer()) };
}

test('the server seeds the draft from the agenda on first open; the draft is the clerk’s and minute-taker’s, the chair reads it', async () => {
  const writer = await open(minuteTaker);
  const nodes = topNodes(writer);
  assert.equal(nodes[0]?.nodeName, minutesNodes.recordBlock);
  assert.equal(nodes[0]?.getAttribute('kind'), 'attendance');
  const sections = nodes.filter((node) => node.nodeName === minutesNodes.itemSection);
  assert.deepEqual(
    sections.map((node) => [node.getAttribute('itemId'), node.getAttribute('number'), node.getAttribute('confidential')]),
    council.detail.items.map((item) => [item.id, item.number, item.confidential]),
    'one section per agenda item, in agenda order, confidential ones marked',
  );
  const declarations = nodes.filter((node) => node.nodeName === minutesNodes.recordBlock && node.getAttribute('kind') === 'declarations');
  assert.equal(declarations.length, council.detail.items.length);

  // A second editor gets the same structure, not a second copy of it.
  const clerk = await open(council.clients.clerk);
  assert.equal(fragmentOf(clerk).toString(), fragmentOf(writer).toString());

  typeInSection(writer, council.itemId('3'), RESOLUTION);
  typeInSection(writer, council.itemId('5'), SECRET_WORDING);
  await until(() => fragmentOf(clerk).toString().includes(SECRET_WORDING), 'the clerk receives the minute-taker’s text');

  const chair = await open(council.clients.chair);
  assert.ok(fragmentOf(chair).toString().includes(RESOLUTION), 'the chair reads the draft');
  chair.write((doc) => doc.getXmlFragment(MINUTES_FRAGMENT).insert(0, [new Y.XmlElement('paragraph')]));
  assert.equal(await chair.roundTrip(), 'answered');
  await assert.rejects(YjsSocket.open(server.url, council.clients.member.token!, docName), (error: unknown) => {
    assert.ok(error instanceof UpgradeRefused && error.status === 403);
    return true;
  }, 'a member sees nothing of a draft');
  await assert.rejects(YjsSocket.open(server.url, council.clients.member.token!, yjsDocName.minutesComments(meetingId)), UpgradeRefused);
  assert.equal(topNodes(writer).filter((node) => node.nodeName === 'paragraph' && node.length === 0).length, council.detail.items.length - 2, 'the chair’s write was dropped');
});

test('a vote held in the session appears in the minutes of an open editor without anyone typing it', async () => {
  const { clients, userIds } = council;
  const editor = await open(minuteTaker);
  await command(clients.chair, meetingId, { type: 'open-session' });
  for (const who of ['chair', 'member', 'member2'] as const) {
    await command(clients.clerk, meetingId, { type: 'set-attendance', userId: userIds[who], attendance: 'present' });
  }
  await command(clients.clerk, meetingId, { type: 'set-current-item', itemId: council.itemId('3') });
  carriedVoteId = await openMotion(clients.chair, meetingId, {
    text: 'That planning permission be refused.', proposerUserId: userIds.chair, seconderUserId: userIds.member, kind: 'recorded',
  });
  await cast(clients.chair, carriedVoteId, 'for');
  await cast(clients.member, carriedVoteId, 'for');
  await cast(clients.member2, carriedVoteId, 'against');
  await command(clients.clerk, meetingId, { type: 'close-vote', voteId: carriedVoteId });

  await command(clients.clerk, meetingId, { type: 'set-current-item', itemId: council.itemId('5') });
  lostVoteId = await openMotion(clients.chair, meetingId, { text: 'That the Northgate tender be accepted.', proposerUserId: userIds.member2, seconderUserId: null, kind: 'recorded' });
  await cast(clients.member, lostVoteId, 'against');
  await cast(clients.member2, lostVoteId, 'for');
  await cast(clients.chair, lostVoteId, 'against');
  await command(clients.clerk, meetingId, { type: 'close-vote', voteId: lostVoteId });

  const voteBlock = (voteId: string) => topNodes(editor).findIndex((node) => node.getAttribute('kind') === 'vote' && node.getAttribute('voteId') === voteId);
  await until(() => voteBlock(carriedVoteId) >= 0 && voteBlock(lostVoteId) >= 0, 'both vote blocks arrive');
  const nodes = topNodes(editor);
  const sectionOf = (index: number) => nodes.slice(0, index).reverse().find((node) => node.nodeName === minutesNodes.itemSection)?.getAttribute('itemId');
  assert.equal(sectionOf(voteBlock(carriedVoteId)), council.itemId('3'), 'in its item’s section');
  assert.equal(sectionOf(voteBlock(lostVoteId)), council.itemId('5'));
  assert.equal(nodes[voteBlock(carriedVoteId) + 1]?.nodeName, minutesNodes.itemSection, 'at the end of the section');
});

test('the meeting record: the committee sees the confidential item’s vote, an outsider neither it nor its declarations', async () => {
  await council.clients.member.put(apiPaths.itemDeclarations(council.itemId('5')), { kind: 'other-registrable', description: 'Director of a bidder' });
  await council.clients.member.put(apiPaths.itemDeclarations(council.itemId('3')), { kind: 'non-registrable', description: 'Lives near the site' });
  const member = MeetingRecord.parse(await council.clients.member2.get(minutesPaths.meetingRecord(meetingId)));
  assert.deepEqual(member.votes.map((vote) => vote.id).sort(), [carriedVoteId, lostVoteId].sort());
  assert.equal(member.declarations.length, 2, 'committee members see every declaration on the meeting');
  assert.ok(member.roll.some((entry) => entry.userId === council.userIds.chair && entry.attendance === 'present'));
  const outsider = MeetingRecord.parse(await council.clients.member3.get(minutesPaths.meetingRecord(meetingId)));
  assert.deepEqual(outsider.votes.map((vote) => vote.id), [carriedVoteId]);
  assert.deepEqual(outsider.declarations.map((declaration) => declaration.itemId), [council.itemId('3')]);
});

test('stock phrases: committee people read them, only an administrator replaces them', async () => {
  const phrases = await minuteTaker.get<StockPhrase[]>(minutesPaths.stockPhrases);
  assert.ok(phrases.some((phrase) => phrase.text.startsWith('RESOLVED that')));
  await assert.rejects(council.clients.clerk.put(minutesPaths.stockPhrases, { phrases: [] }), refusedWith(403));
  await assert.rejects(council.clients.admin.put(minutesPaths.stockPhrases, { phrases: [{ label: '', text: 'x' }] }), refusedWith(400));
  const replaced = await council.clients.admin.put<StockPhrase[]>(minutesPaths.stockPhrases, {
    phrases: [{ id: phrases[0]!.id, label: 'Resolved', text: 'RESOLVED that ' }, { label: 'Deferred', text: 'The item was deferred to the next meeting.' }],
  });
  assert.deepEqual(replaced.map((phrase) => phrase.label), ['Resolved', 'Deferred']);
  assert.equal(replaced[0]!.id, phrases[0]!.id, 'a phrase sent with its id keeps it');
  assert.deepEqual(await council.clients.member.get(minutesPaths.stockPhrases), replaced);
});

test('action points written in the minutes come out as CSV for those who may read the draft', async () => {
  const editor = await open(minuteTaker);
  editor.write(() => {
    const nodes = topNodes(editor);
    const at = nodes.findIndex((node) => node.getAttribute('itemId') === council.itemId('3') && node.nodeName === minutesNodes.itemSection) + 1;
    const action = new Y.XmlElement(minutesNodes.actionPoint);
    action.setAttribute('what', 'Write to the applicant, "with reasons"');
    action.setAttribute('owner', 'Head of Planning');
    action.setAttribute('due', '2027-01-15');
    action.setAttribute('itemId', council.itemId('3'));
    fragmentOf(editor).insert(at, [action]);
  });
  assert.equal(await editor.roundTrip(), 'answered');
  const csv = await getBytes(minuteTaker, minutesPaths.actionsCsv(meetingId));
  assert.equal(csv.status, 200);
  assert.match(csv.type ?? '', /^text\/csv/);
  const lines = new TextDecoder().decode(csv.bytes).trim().split('\n');
  assert.equal(lines[0], 'Item,Action,Owner,Due');
  assert.match(lines[1]!, /^"3\. .*","Write to the applicant, ""with reasons""",Head of Planning,2027-01-15$/);
  assert.equal((await getBytes(council.clients.member, minutesPaths.actionsCsv(meetingId))).status, 403, 'not before circulation');
});

test('workflow: only the clerk circulates; members then read and comment; approval needs a carried vote or the chair', async () => {
  await assert.rejects(transition(council.clients.member, { to: 'circulated' }), refusedWith(403));
  await assert.rejects(transition(minuteTaker, { to: 'circulated' }), refusedWith(403));
  await assert.rejects(transition(council.clients.member3, { to: 'circulated' }), refusedWith(403));
  await assert.rejects(transition(council.clients.chair, { to: 'approved', method: 'chair-signature' }), refusedWith(409, 'minutes-state'), 'a draft is circulated first');
  await assert.rejects(transition(council.clients.clerk, { to: 'published' }), refusedWith(409, 'minutes-state'));
  await assert.rejects(transition(council.clients.clerk, { to: 'archived' }), refusedWith(400));
  assert.equal((await transition(council.clients.clerk, { to: 'circulated' })).state, 'circulated');
  await assert.rejects(transition(council.clients.clerk, { to: 'circulated' }), refusedWith(409));
  const seen = MinutesStatus.parse(await council.clients.member.get(minutesPaths.minutes(meetingId)));
  assert.equal(seen.state, 'circulated');
  assert.ok(seen.circulatedAt);
  await assert.rejects(council.clients.member3.get(minutesPaths.minutes(meetingId)), refusedWith(403), 'another committee’s member');

  const member = await open(council.clients.member);
  assert.ok(fragmentOf(member).toString().includes(RESOLUTION), 'members read the circulated draft');
  const comments = await open(council.clients.member, yjsDocName.minutesComments(meetingId));
  const otherReader = await open(council.clients.member2, yjsDocName.minutesComments(meetingId));
  comments.write((doc) => doc.getArray('comments').push([{ text: 'Item 3: add the reasons' }]));
  await until(() => otherReader.doc.getArray('comments').length === 1, 'a member’s comment reaches the others');

  await assert.rejects(transition(council.clients.clerk, { to: 'approved', method: 'chair-signature' }), refusedWith(403), 'only the chair signs');
  await assert.rejects(transition(council.clients.member, { to: 'approved', method: 'vote', voteId: carriedVoteId }), refusedWith(403));
  await assert.rejects(transition(council.clients.clerk, { to: 'approved', method: 'vote', voteId: lostVoteId }), refusedWith(409, 'vote-not-carried'));
  await assert.rejects(transition(council.clients.clerk, { to: 'approved', method: 'vote', voteId: 'no-such-vote' }), refusedWith(400, 'invalid-vote'));
});

test('approval records the text’s SHA-256; from then on the server refuses a raw Yjs write and the stored text stays as approved', async () => {
  const writer = await open(minuteTaker);
  const listener = await open(council.clients.clerk);
  const approvedText = fragmentOf(writer).toString();
  const approved = await transition(council.clients.clerk, { to: 'approved', method: 'vote', voteId: carriedVoteId });
  assert.equal(approved.state, 'approved');
  assert.equal(approved.approval?.method, 'vote');
  assert.equal(approved.approval?.voteId, carriedVoteId);
  assert.equal(approved.approval?.textSha256, createHash('sha256').update(approvedText).digest('hex'));

  const relayedBefore = listener.relayedUpdates;
  typeInSection(writer, council.itemId('3'), ' And a late change of mind.');
  assert.equal(await writer.roundTrip(), 'answered', 'the write is dropped, the connection stays open for reading');
  assert.equal(await listener.roundTrip(), 'answered');
  assert.equal(listener.relayedUpdates, relayedBefore, 'nothing was relayed');
  const fresh = await open(council.clients.chair);
  assert.equal(fragmentOf(fresh).toString(), approvedText, 'the stored document is unchanged');
  const comments = await open(council.clients.member, yjsDocName.minutesComments(meetingId));
  comments.write((doc) => doc.getArray('comments').push([{ text: 'too late' }]));
  assert.equal(await comments.roundTrip(), 'answered');
  assert.equal((await open(council.clients.member2, yjsDocName.minutesComments(meetingId))).doc.getArray('comments').length, 1, 'comments close too');

  const db = new Database(path.join(server.dataDir, 'chamber.sqlite'), { readonly: true });
  try {
    const details = db.prepare("SELECT details FROM audit_log WHERE event = 'minutes-approved'").pluck().all() as string[];
    assert.equal(details.length, 1);
    assert.equal(JSON.parse(details[0]!).textSha256, approved.approval?.textSha256);
  } finally {
    db.close();
  }
});

test('amendments: the clerk only, after approval, of wording the minutes hold', async () => {
  const body = { reason: 'The reasons were misquoted', before: RESOLUTION, after: 'RESOLVED that planning permission be refused for reasons 1 to 3 in the report.' };
  await assert.rejects(council.clients.chair.post(minutesPaths.amendments(meetingId), body), refusedWith(403));
  await assert.rejects(council.clients.clerk.post(minutesPaths.amendments(meetingId), { ...body, before: 'Words nobody wrote' }), refusedWith(422));
  await assert.rejects(council.clients.clerk.post(minutesPaths.amendments(meetingId), { ...body, reason: ' ' }), refusedWith(400));
  const amended = MinutesStatus.parse(await council.clients.clerk.post(minutesPaths.amendments(meetingId), body));
  assert.equal(amended.amendments.length, 1);
  assert.equal(amended.amendments[0]!.by.userId, council.userIds.clerk);
  assert.equal(amended.amendments[0]!.after, body.after);
});

test('the PDF: attendance, the resolution and the vote with names as text; a bookmark per item; headings in the structure tree', async () => {
  const response = await getBytes(council.clients.member, minutesPaths.pdf(meetingId));
  assert.equal(response.status, 200);
  assert.equal(response.type, 'application/pdf');
  const pdf = await inspectPdf(response.bytes);
  assert.equal(pdf.language, 'en-GB');
  assert.match(pdf.title ?? '', /^Minutes of the Planning Committee/);
  assert.deepEqual(pdf.outline, council.detail.items.map((item) => `${item.number}. ${item.title}`));
  for (const role of ['H1', 'H2', 'P', 'L', 'LI', 'Table', 'TH', 'TD']) assert.ok(pdf.structureRoles.has(role), `structure has ${role}`);
  const text = pdf.text.replace(/\s+/g, ' ');
  for (const name of ['Cllr Priya Shah', 'Cllr Tom Evans', 'Cllr Grace Okafor']) assert.ok(text.includes(name), name);
  assert.ok(text.includes('Present: Cllr Priya Shah (Chair), Cllr Grace Okafor, Cllr Tom Evans.'), 'the attendance list');
  assert.ok(text.includes(RESOLUTION), 'the resolution');
  assert.ok(text.includes('For: Cllr Priya Shah, Cllr Tom Evans') && text.includes('Against: Cllr Grace Okafor'), 'the vote with names');
  assert.ok(text.includes('The motion was CARRIED.'));
  assert.ok(text.includes(SECRET_WORDING), 'the committee’s copy holds the exempt item');
  assert.ok(text.includes('Write to the applicant'), 'action points');
  assert.ok(text.includes('The reasons were misquoted'), 'amendments are listed');
  assert.match(text, /Page 1 of \d+/);

  const html = await getBytes(council.clients.member, minutesPaths.html(meetingId));
  const page = new TextDecoder().decode(html.bytes);
  assert.match(html.type ?? '', /^text\/html/);
  assert.ok(page.includes('<h2 id="item-0">') && page.includes('For: Cllr Priya Shah, Cllr Tom Evans'));
  assert.ok(page.includes('&quot;with reasons&quot;') || page.includes('"with reasons"'));
  assert.equal((await getBytes(council.clients.member3, minutesPaths.pdf(meetingId))).status, 403, 'not for another committee');
});

test('publishing: the clerk only, once approved; two meeting-level PDFs reach mirrors, the public one without the exempt item’s text', async () => {
  await assert.rejects(transition(minuteTaker, { to: 'published' }), refusedWith(403));
  const published = await transition(council.clients.clerk, { to: 'published' });
  assert.equal(published.state, 'published');
  assert.ok(published.publishedAt);

  const forMember = MeetingDetailResponse.parse(await council.clients.member.get(apiPaths.meeting(meetingId)));
  const memberMinutes = forMember.documents.filter((document) => document.itemId === null);
  assert.deepEqual(memberMinutes.map((document) => [document.kind, document.meetingId, document.committeeOnly]).sort(), [
    ['minutes', meetingId, false],
    ['minutes', meetingId, true],
  ]);
  const outsiderFeed = ChangePage.parse(await council.clients.member3.get(`${apiPaths.changes}?since=0`));
  const outsiderMinutes = outsiderFeed.changes.flatMap((change) =>
    change.kind === 'document' && change.op === 'upsert' && change.data.itemId === null ? [change.data] : [],
  );
  assert.equal(outsiderMinutes.length, 1, 'outside the committee only the public version arrives');
  assert.equal(outsiderMinutes[0]!.committeeOnly, false);
  const publicPdf = await getBytes(council.clients.member3, apiPaths.documentContent(outsiderMinutes[0]!.sha256));
  assert.equal(publicPdf.status, 200);
  const publicText = (await inspectPdf(publicPdf.bytes)).text.replace(/\s+/g, ' ');
  assert.ok(!publicText.includes(SECRET_WORDING), 'the exempt item’s minutes text is not in the public version');
  assert.ok(!publicText.includes('Northgate tender'), 'nor its vote');
  assert.ok(publicText.includes('Exempt item: this item was considered in private. Reason: Paragraph 3, Schedule 12A.'));
  assert.ok(publicText.includes(RESOLUTION), 'the public items are there');
  const full = memberMinutes.find((document) => document.committeeOnly)!;
  assert.equal((await getBytes(council.clients.member3, apiPaths.documentContent(full.sha256))).status, 404, 'the full version is the committee’s');
  assert.ok((await inspectPdf((await getBytes(council.clients.member, apiPaths.documentContent(full.sha256))).bytes)).text.includes('Northgate'));

  // An amendment after publication publishes both again, as new versions.
  await council.clients.clerk.post(minutesPaths.amendments(meetingId), { reason: 'Typo', before: 'Lives near the site', after: 'Lives next to the site' });
  const after = MeetingDetailResponse.parse(await council.clients.member.get(apiPaths.meeting(meetingId)));
  assert.deepEqual(after.documents.filter((document) => document.itemId === null).map((document) => document.version), [2, 2]);
});
