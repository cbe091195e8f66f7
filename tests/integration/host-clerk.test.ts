/**
 * The clerk's workspace through the desktop host, with a real server process
 * and real host processes (the demo council's clerk and a member):
 *
 * - the clerk's host answers the workspace from the server; the member's host is refused;
 * - a meeting made from the committee's defaults carries the standing items;
 * - a real PDF sent in chunks reaches the server byte for byte (same SHA-256), with the
 *   bytes sent reported per chunk and as `clerk.upload.progress` events;
 * - a file that is not a PDF is refused by the server with its name and reason, and the
 *   next file still uploads;
 * - the published meeting reaches the member's mirror.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { uploadChunkBytes, type ClerkOutcome, type MeetingDetail, type MeetingSummary, type UploadProgress } from '../../common/bridge.ts';
import type { AgendaItem, ClerkCommittee, ClerkMeetingResponse, Meeting } from '../../common/wire.ts';
import { corpusPaper, type CorpusPaper, waitFor } from '../support/host-council.ts';
import { callBridge, invokeBridge, latestSeq, startHostProcess, waitUntilSynced, type HostProcess } from '../support/host-process.ts';
import { collectEvents, yjsCall } from '../support/host-yjs.ts';
import { demoPassword, startServerProcess } from '../support/server-process.ts';

function succeeded<T>(outcome: ClerkOutcome<T>): T {
  if (!outcome.ok) assert.fail(`refused: ${outcome.refusal.code}: ${outcome.refusal.message}`);
  return outcome.value;
}

/** Sends a file as the renderer does: start, chunks in order, finish. Returns every answer. */
async function upload(host: HostProcess, itemId: string, paper: CorpusPaper): Promise<UploadProgress[]> {
  const answers = [await callBridge<UploadProgress>(host, 'clerk.upload.start', { itemId, name: paper.name, size: paper.size })];
  const uploadId = answers[0]!.uploadId;
  for (let offset = 0; offset < paper.size; offset += uploadChunkBytes) {
    const bytes = paper.bytes.subarray(offset, offset + uploadChunkBytes);
    const answer = await yjsCall<UploadProgress>(host, 'clerk.upload.chunk', { uploadId, bytes });
    answers.push(answer);
    if (answer.status !== 'sending') return answers;
  }
  answers.push(await callBridge<UploadProgress>(host, 'clerk.upload.finish', { uploadId }));
  return answers;
}

test('the clerk builds and publishes a meeting through the host; papers stream with progress; a non-PDF is refused by name', async (t) => {
  const server = await startServerProcess({ seed: 'demo' });
  t.after(() => server.stop());
  const clerk = await startHostProcess({ serverUrl: server.url, username: 'clerk', password: demoPassword(server.dataDir, 'clerk') });
  t.after(() => clerk.stop());
  const member = await startHostProcess({ serverUrl: server.url, username: 'member', password: demoPassword(server.dataDir, 'member') });
  t.after(() => member.stop());
  const seq = await latestSeq(server.url);
  await Promise.all([waitUntilSynced(clerk, seq), waitUntilSynced(member, seq)]);

  const [planning] = await callBridge<ClerkCommittee[]>(clerk, 'clerk.committees');
  assert.equal(planning?.committee.name, 'Planning Committee');
  const refused = await invokeBridge(member, 'clerk.committees');
  assert.equal(refused.status, 401, 'a member has no clerk workspace');
  assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'unauthorised');

  const meeting = succeeded(
    await callBridge<ClerkOutcome<Meeting>>(clerk, 'clerk.createMeeting', {
      committeeId: planning.committee.id,
      meeting: { startsAt: new Date(Date.now() + 3 * 24 * 3600_000).toISOString(), title: 'Planning Committee (extra)' },
    }),
  );
  const item = succeeded(await callBridge<ClerkOutcome<AgendaItem>>(clerk, 'clerk.addItem', { meetingId: meeting.id, item: { title: 'Budget amendments' } }));
  assert.equal(item.number, '4', 'after the three standing items');

  const events = collectEvents(clerk);
  t.after(() => events.close());
  await events.opened;
  const pack = corpusPaper('kent_county-council_budget-amendments-pack_2025-02-13.pdf', 'Budget amendments pack.pdf');
  const answers = await upload(clerk, item.id, pack);
  const sent = answers.map((answer) => answer.sentBytes);
  assert.deepEqual(sent.slice(0, -1), [0, ...Array.from({ length: Math.ceil(pack.size / uploadChunkBytes) }, (_, i) => Math.min((i + 1) * uploadChunkBytes, pack.size))]);
  const stored = answers.at(-1)!;
  assert.equal(stored.status, 'stored', JSON.stringify(stored.refusal));
  assert.equal(stored.document?.sha256, pack.sha256, 'the server holds the same bytes');
  assert.equal(stored.document?.name, 'Budget amendments pack.pdf');
  const progress = await waitFor(
    async () => {
      const mine = events.events.filter((e) => e.event === 'clerk.upload.progress').map((e) => e.payload as UploadProgress);
      return mine.some((p) => p.status === 'stored') ? mine : undefined;
    },
    () => `progress events\n${JSON.stringify(events.events).slice(0, 2000)}`,
  );
  assert.ok(progress.length >= Math.ceil(pack.size / uploadChunkBytes), 'a progress event per chunk');
  assert.deepEqual(progress.map((p) => p.sentBytes), [...progress.map((p) => p.sentBytes)].sort((a, b) => a - b));

  // Not a PDF: refused by the server, with the file's name and why; the next file still goes.
  const notPdf = corpusPaper('duisburg_rat_2025-02-24_NOT-A-PDF_json.pdf', 'duisburg_rat_2025-02-24_NOT-A-PDF_json.pdf');
  const refusal = (await upload(clerk, item.id, notPdf)).at(-1)!;
  assert.equal(refusal.status, 'refused');
  assert.equal(refusal.refusal?.code, 'not-a-pdf');
  assert.match(refusal.refusal?.message ?? '', /duisburg_rat_2025-02-24_NOT-A-PDF_json\.pdf/);
  const minutes = corpusPaper('kent_county-council_printed-minutes_2025-02-13.pdf', 'Minutes.pdf');
  assert.equal((await upload(clerk, item.id, minutes)).at(-1)!.status, 'stored');

  const copy = await callBridge<ClerkMeetingResponse>(clerk, 'clerk.meeting', { meetingId: meeting.id });
  assert.deepEqual(copy.documents.map((d) => d.name), ['Budget amendments pack.pdf', 'Minutes.pdf']);

  const published = succeeded(await callBridge<ClerkOutcome<Meeting>>(clerk, 'clerk.publish', { meetingId: meeting.id, changeNote: null }));
  assert.equal(published.state, 'published');
  await waitUntilSynced(member, await latestSeq(server.url));
  const summaries = await callBridge<MeetingSummary[]>(member, 'meetings.list');
  assert.ok(summaries.some((s) => s.meeting.id === meeting.id));
  const detail = await callBridge<MeetingDetail>(member, 'meeting.get', { meetingId: meeting.id });
  assert.deepEqual(detail.items.map((i) => i.number), ['1', '2', '3', '4']);
  assert.deepEqual(detail.items[3]!.documents.map((d) => d.sha256), [pack.sha256, minutes.sha256]);

  // The member's host passes on no change: the server refuses it.
  const sneaky = await callBridge<ClerkOutcome<AgendaItem>>(member, 'clerk.addItem', { meetingId: meeting.id, item: { title: 'Sneaky' } });
  assert.deepEqual(sneaky.ok ? null : sneaky.refusal.code, 'forbidden');
});

test('through the host a paper too large or password-protected is refused with its reason; with the server gone a change is offline', async (t) => {
  const server = await startServerProcess({ seed: 'demo', maxUploadBytes: 1_000_000 });
  t.after(() => server.stop());
  const clerk = await startHostProcess({ serverUrl: server.url, username: 'clerk', password: demoPassword(server.dataDir, 'clerk') });
  t.after(() => clerk.stop());
  await waitUntilSynced(clerk, await latestSeq(server.url));
  const [planning] = await callBridge<ClerkCommittee[]>(clerk, 'clerk.committees');
  const meeting = succeeded(
    await callBridge<ClerkOutcome<Meeting>>(clerk, 'clerk.createMeeting', { committeeId: planning!.committee.id, meeting: { startsAt: '2027-05-06T17:30:00.000Z' } }),
  );
  const [firstItem] = (await callBridge<ClerkMeetingResponse>(clerk, 'clerk.meeting', { meetingId: meeting.id })).items;
  assert.equal((await callBridge<ClerkMeetingResponse>(clerk, 'clerk.meeting', { meetingId: meeting.id })).maxUploadBytes, 1_000_000);

  const tooLarge = (await upload(clerk, firstItem!.id, corpusPaper('pdfjs_freeculture_352pp.pdf', 'Free culture.pdf'))).at(-1)!;
  assert.deepEqual([tooLarge.status, tooLarge.refusal?.code], ['refused', 'too-large']);
  const locked = (await upload(clerk, firstItem!.id, corpusPaper('pdfjs_issue6010_1_password-abc.pdf', 'Locked.pdf'))).at(-1)!;
  assert.deepEqual([locked.status, locked.refusal?.code], ['refused', 'encrypted-pdf']);
  assert.match(locked.refusal?.message ?? '', /"Locked\.pdf" is password-protected/);
  assert.deepEqual((await callBridge<ClerkMeetingResponse>(clerk, 'clerk.meeting', { meetingId: meeting.id })).documents, [], 'nothing was kept');

  await server.stop();
  const offline = await invokeBridge(clerk, 'clerk.addItem', { meetingId: meeting.id, item: { title: 'While offline' } });
  assert.equal(offline.status, 503);
  assert.equal(((await offline.json()) as { error: { code: string } }).error.code, 'offline');
});
