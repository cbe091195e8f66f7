/**
 * The desktop host against a real authority server: catch-up of a meeting
 * whose papers are real public PDFs, purge when a membership ends, and
 * answering from the mirror alone once the server is gone.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import type { MeetingDetail, MeetingSummary, SyncStatus } from '../../common/bridge.ts';
import { demoPassword, endMembership, publishCorpusMeeting, waitFor } from '../support/host-council.ts';
import {
  cachedFilePath,
  callBridge,
  invokeBridge,
  latestSeq,
  startHostProcess,
  waitUntilSynced,
  type HostProcess,
} from '../support/host-process.ts';
import { startServerProcess } from '../support/server-process.ts';


async function readDocument(host: HostProcess, documentId: string): Promise<Uint8Array> {
  const response = await invokeBridge(host, 'document.read', { documentId });
  assert.equal(response.status, 200, `document.read failed: ${await response.clone().text()}`);
  assert.equal(response.headers.get('content-type'), 'application/octet-stream');
  return new Uint8Array(await response.arrayBuffer());
}



function sha256File(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}


function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

function openMirror(host: HostProcess): Database.Database {
  return new Database(host.mirrorPath, { readonly: true, fileMustExist: true });
}

test('the host mirrors, purges and then serves offline', async (t) => {
  const server = await startServerProcess({ seed: 'demo' });
  t.after(() => server.stop());
  const council = await publishCorpusMeeting(server.url, server.dataDir);
  const host = await startHostProcess({ serverUrl: server.url, username: 'member', password: demoPassword(server.dataDir, 'member') });
  t.after(() => host.stop());

  await t.test('catch-up mirrors the meeting and caches every paper verified', async () => {
    await waitUntilSynced(host, await latestSeq(server.url));

    const db = openMirror(host);
    try {
      const meeting = db.prepare('SELECT title, state FROM meetings WHERE id = ?').get(council.meeting.id) as { title: string; state: string };
      assert.deepEqual(meeting, { title: council.meeting.title, state: 'published' });
      const items = db.prepare('SELECT number, confidential FROM agenda_items WHERE meeting_id = ? ORDER BY position').all(council.meeting.id);
      assert.deepEqual(items, [
        { number: '1', confidential: 0 },
        { number: '2', confidential: 1 },
      ]);
      const mirroredShas = db
        .prepare('SELECT d.sha256 FROM documents d JOIN agenda_items a ON a.id = d.item_id WHERE a.meeting_id = ? ORDER BY d.sha256')
        .pluck()
        .all(council.meeting.id);
      const papers = [...council.publicPapers, ...council.confidentialPapers];
      assert.deepEqual(mirroredShas, papers.map((paper) => paper.sha256).sort());
      const cached = new Set(db.prepare('SELECT sha256 FROM cached_files').pluck().all() as string[]);
      for (const paper of papers) assert.ok(cached.has(paper.sha256), `${paper.file} recorded as cached`);
    } finally {
      db.close();
    }

    for (const paper of [...council.publicPapers, ...council.confidentialPapers]) {
      assert.equal(sha256File(cachedFilePath(host, paper.sha256)), paper.sha256, `${paper.file} on disk is verified`);
    }
    assert.deepEqual(
      filesUnder(host.documentsDir).filter((file) => file.endsWith('.partial')),
      [],
      'no partial downloads remain',
    );

    const detail = await callBridge<MeetingDetail>(host, 'meeting.get', { meetingId: council.meeting.id });
    assert.deepEqual(
      detail.items.map((item) => [item.number, item.confidential, item.documents.length, item.documents.every((d) => d.cached)]),
      [
        ['1', false, 3, true],
        ['2', true, 1, true],
      ],
    );
    const minutes = detail.items[0]?.documents.find((d) => d.name === 'Minutes of the last meeting');
    assert.ok(minutes);
    const paper = council.publicPapers.find((p) => p.name === minutes.name);
    assert.deepEqual(await readDocument(host, minutes.id), paper?.bytes);
  });

  await t.test('ending the membership purges confidential rows and their files', async () => {
    const confidentialSha = council.confidentialPapers[0]?.sha256 ?? '';
    await endMembership(server.url, server.dataDir, council.committee.id, 'member');
    await waitFor(
      async () => {
        const detail = await callBridge<MeetingDetail>(host, 'meeting.get', { meetingId: council.meeting.id });
        return detail.items.some((item) => item.confidential) ? undefined : detail;
      },
      () => `confidential item purged\n${host.output().slice(-2000)}`,
    );
    await waitFor(
      async () => (existsSync(cachedFilePath(host, confidentialSha)) ? undefined : true),
      () => 'the confidential paper removed from the cache',
    );

    const db = openMirror(host);
    try {
      const confidentialLeft = db
        .prepare('SELECT COUNT(*) FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE m.committee_id = ? AND a.confidential = 1')
        .pluck()
        .get(council.committee.id);
      assert.equal(confidentialLeft, 0);
      assert.equal(db.prepare('SELECT COUNT(*) FROM documents WHERE sha256 = ?').pluck().get(confidentialSha), 0);
      assert.equal(db.prepare('SELECT COUNT(*) FROM cached_files WHERE sha256 = ?').pluck().get(confidentialSha), 0);
      assert.equal(db.prepare('SELECT COUNT(*) FROM memberships WHERE committee_id = ?').pluck().get(council.committee.id), 0);
      assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    } finally {
      db.close();
    }
    // The public part of the meeting stays readable.
    const detail = await callBridge<MeetingDetail>(host, 'meeting.get', { meetingId: council.meeting.id });
    assert.deepEqual(
      detail.items.map((item) => item.number),
      ['1'],
    );
    for (const paper of council.publicPapers) assert.equal(sha256File(cachedFilePath(host, paper.sha256)), paper.sha256);
  });

  await t.test('with the server gone, a restarted host answers from the mirror', async () => {
    await host.stop();
    await server.stop('SIGKILL');
    const offline = await startHostProcess({
      serverUrl: server.url,
      username: 'member',
      password: demoPassword(server.dataDir, 'member'),
      dataDir: host.dataDir,
    });
    t.after(() => offline.stop());

    const meetings = await callBridge<MeetingSummary[]>(offline, 'meetings.list');
    assert.ok(meetings.some((summary) => summary.meeting.id === council.meeting.id));
    const detail = await callBridge<MeetingDetail>(offline, 'meeting.get', { meetingId: council.meeting.id });
    const documents = detail.items.flatMap((item) => item.documents);
    assert.equal(documents.length, council.publicPapers.length);
    for (const document of documents) {
      const paper = council.publicPapers.find((p) => p.sha256 === document.sha256);
      assert.ok(paper, `${document.name} is one of the public papers`);
      assert.deepEqual(await readDocument(offline, document.id), paper.bytes);
    }
    const status = await waitFor(
      async () => {
        const s = await callBridge<SyncStatus>(offline, 'sync.status');
        return s.connection === 'offline' && s.lastError !== null ? s : undefined;
      },
      () => 'the host reports being offline',
    );
    assert.equal(status.pendingDocuments, 0);

    const missing = await invokeBridge(offline, 'meeting.get', { meetingId: 'no-such-meeting' });
    assert.equal(missing.status, 404);
    assert.equal(((await missing.json()) as { error: { code: string } }).error.code, 'not-found');
  });
});
