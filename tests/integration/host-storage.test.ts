/**
 * Disk use and retention in the desktop host, against a real server: the
 * storage report, eviction of a past meeting's papers (files gone, rows kept,
 * the mirror intact, a recently opened paper spared), and an evicted paper
 * downloading again, verified, when it is opened.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import type { EvictionResult, MeetingDetail, StorageUsage } from '../../common/bridge.ts';
import { demoPassword, publishCorpusMeeting, waitFor } from '../support/host-council.ts';
import { cachedFilePath, callBridge, invokeBridge, latestSeq, startHostProcess, waitUntilSynced } from '../support/host-process.ts';
import { startServerProcess } from '../support/server-process.ts';

const twoYearsAgo = new Date(Date.now() - 730 * 86_400_000).toISOString();

test('storage: report, evict a past meeting, download again on opening', async (t) => {
  const server = await startServerProcess({ seed: 'demo' });
  t.after(() => server.stop());
  const council = await publishCorpusMeeting(server.url, server.dataDir, { startsAt: twoYearsAgo });
  const host = await startHostProcess({ serverUrl: server.url, username: 'member', password: demoPassword(server.dataDir, 'member') });
  t.after(() => host.stop());
  await waitUntilSynced(host, await latestSeq(server.url));
  const papers = [...council.publicPapers, ...council.confidentialPapers];
  const paperBytes = papers.reduce((sum, paper) => sum + paper.size, 0);

  const documentOf = async (sha256: string) => {
    const detail = await callBridge<MeetingDetail>(host, 'meeting.get', { meetingId: council.meeting.id });
    const document = detail.items.flatMap((item) => item.documents).find((d) => d.sha256 === sha256);
    assert.ok(document);
    return document;
  };

  await t.test('the report counts papers and database, per meeting', async () => {
    const usage = await callBridge<StorageUsage>(host, 'storage.get');
    assert.ok(usage.documentBytes >= paperBytes);
    assert.ok(usage.databaseBytes > 0);
    assert.deepEqual(usage.settings, { keepPastMonths: null, keepOpenedDays: 14 });
    const meeting = usage.meetings.find((m) => m.meetingId === council.meeting.id);
    assert.deepEqual(
      [meeting?.upcoming, meeting?.documents, meeting?.cachedDocuments, meeting?.cachedBytes, meeting?.totalBytes],
      [false, papers.length, papers.length, paperBytes, paperBytes],
    );
  });

  // Read before the setting changes: a paper opened recently is kept.
  const opened = council.publicPapers[1]!;
  const openedDocument = await documentOf(opened.sha256);
  assert.equal((await invokeBridge(host, 'document.read', { documentId: openedDocument.id })).status, 200);
  const evicted = papers.filter((paper) => paper !== opened);

  await t.test('free space now removes the past meeting’s files and keeps its rows', async () => {
    const saved = await callBridge<StorageUsage>(host, 'storage.setRetention', { keepPastMonths: 12, keepOpenedDays: 7 });
    assert.deepEqual(saved.settings, { keepPastMonths: 12, keepOpenedDays: 7 });
    const result = await callBridge<EvictionResult>(host, 'storage.freeNow');
    assert.ok(result.removedFiles >= evicted.length);
    assert.ok(result.freedBytes >= evicted.reduce((sum, paper) => sum + paper.size, 0));
    for (const paper of evicted) assert.equal(existsSync(cachedFilePath(host, paper.sha256)), false, `${paper.file} deleted`);
    assert.ok(existsSync(cachedFilePath(host, opened.sha256)), 'the paper opened recently is kept');
    const meeting = result.usage.meetings.find((m) => m.meetingId === council.meeting.id);
    assert.deepEqual([meeting?.documents, meeting?.cachedDocuments, meeting?.cachedBytes], [papers.length, 1, opened.size]);

    const db = new Database(host.mirrorPath, { readonly: true, fileMustExist: true });
    try {
      assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
      for (const paper of evicted) {
        assert.equal(db.prepare('SELECT COUNT(*) FROM documents WHERE sha256 = ?').pluck().get(paper.sha256), 1, 'the row stays');
        assert.equal(db.prepare('SELECT COUNT(*) FROM cached_files WHERE sha256 = ?').pluck().get(paper.sha256), 0);
      }
    } finally {
      db.close();
    }
    assert.equal((await documentOf(evicted[0]!.sha256)).cached, false, 'the agenda shows it as not downloaded');
  });

  await t.test('a sync does not download evicted papers back', async () => {
    await callBridge(host, 'sync.now');
    const status = await waitUntilSynced(host, await latestSeq(server.url));
    assert.equal(status.pendingDocuments, 0);
    for (const paper of evicted) assert.equal(existsSync(cachedFilePath(host, paper.sha256)), false);
  });

  await t.test('opening an evicted paper downloads it again, verified', async () => {
    const paper = evicted[0]!;
    const document = await documentOf(paper.sha256);
    const first = await invokeBridge(host, 'document.read', { documentId: document.id });
    assert.equal(first.status, 409);
    assert.equal(((await first.json()) as { error: { code: string } }).error.code, 'not-cached');
    const bytes = await waitFor(
      async () => {
        const response = await invokeBridge(host, 'document.read', { documentId: document.id });
        return response.status === 200 ? new Uint8Array(await response.arrayBuffer()) : undefined;
      },
      () => `${paper.file} downloaded again\n${host.output().slice(-1500)}`,
    );
    assert.deepEqual(bytes, paper.bytes);
    assert.equal(createHash('sha256').update(readFileSync(cachedFilePath(host, paper.sha256))).digest('hex'), paper.sha256);
    assert.equal((await documentOf(paper.sha256)).cached, true);
  });
});
