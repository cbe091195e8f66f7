/**
 * Faults during sync, with real processes: the server SIGKILLed mid-download
 * and restarted, the host SIGKILLed mid-download and restarted, a corrupt
 * partial download and a damaged cached file. Every time the mirror must end
 * complete, with every file verified and the database intact.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import type { MeetingDetail, SyncStatus } from '../../common/bridge.ts';
import { demoPassword, publishCorpusMeeting, waitFor, type CorpusPaper } from '../support/host-council.ts';
import {
  cachedFilePath,
  callBridge,
  invokeBridge,
  latestSeq,
  partialFiles,
  startHostProcess,
  waitUntilSynced,
  type HostProcess,
} from '../support/host-process.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { startTcpRelay } from '../support/tcp-relay.ts';


function portOf(url: string): number {
  return Number(new URL(url).port);
}





/** Waits until a download is under way: a partial file with some bytes in it. */
function waitForPartialDownload(host: HostProcess): Promise<string> {
  return waitFor(
    async () => partialFiles(host).find((file) => statSync(file).size > 0),
    () => `a partial download to appear\n${host.output().slice(-2000)}`,
  );
}

function assertMirrorComplete(host: HostProcess, papers: CorpusPaper[]): void {
  for (const paper of papers) {
    const file = cachedFilePath(host, paper.sha256);
    assert.equal(createHash('sha256').update(readFileSync(file)).digest('hex'), paper.sha256, `${paper.file} verified on disk`);
  }
  assert.deepEqual(partialFiles(host), [], 'no partial files remain');
  const db = new Database(host.mirrorPath, { readonly: true, fileMustExist: true });
  try {
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    const cached = new Set(db.prepare('SELECT sha256 FROM cached_files').pluck().all() as string[]);
    for (const paper of papers) assert.ok(cached.has(paper.sha256), `${paper.file} recorded as cached`);
  } finally {
    db.close();
  }
}

test('sync survives killed processes and damaged files', async (t) => {
  let server: ServerProcess = await startServerProcess({ seed: 'demo' });
  const serverDataDir = server.dataDir;
  t.after(() => server.stop());
  const council = await publishCorpusMeeting(server.url, serverDataDir);
  const papers = [...council.publicPapers, ...council.confidentialPapers];
  // ~1 MB/s: the corpus papers (about 5 MB) take seconds, so the kills below land mid-transfer.
  const relay = await startTcpRelay(portOf(server.url), 1_000_000);
  t.after(() => relay.close());
  const password = demoPassword(serverDataDir, 'member');
  let host = await startHostProcess({ serverUrl: relay.url, username: 'member', password });
  const hostDataDir = host.dataDir;
  t.after(() => host.stop());

  await t.test('server SIGKILLed mid-download, then restarted: the mirror completes', async () => {
    await waitForPartialDownload(host);
    await server.stop('SIGKILL');
    relay.dropConnections();
    await waitFor(
      async () => ((await callBridge<SyncStatus>(host, 'sync.status')).connection === 'offline' ? true : undefined),
      () => 'the host notices the server is gone',
    );
    server = await startServerProcess({ dataDir: serverDataDir });
    relay.retarget(portOf(server.url));
    await waitUntilSynced(host, await latestSeq(server.url));
    assertMirrorComplete(host, papers);
  });

  await t.test('a damaged cached file is never served, and is fetched again', async () => {
    const paper = council.publicPapers[0]!;
    const file = cachedFilePath(host, paper.sha256);
    const bytes = readFileSync(file);
    bytes[bytes.length >> 1] = (bytes[bytes.length >> 1]! + 1) % 256;
    writeFileSync(file, bytes);
    const detail = await callBridge<MeetingDetail>(host, 'meeting.get', { meetingId: council.meeting.id });
    const document = detail.items.flatMap((item) => item.documents).find((d) => d.sha256 === paper.sha256);
    assert.ok(document);
    const refused = await invokeBridge(host, 'document.read', { documentId: document.id });
    assert.equal(refused.status, 409);
    assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'not-cached');

    await callBridge<SyncStatus>(host, 'sync.now');
    const served = await waitFor(
      async () => {
        const response = await invokeBridge(host, 'document.read', { documentId: document.id });
        return response.status === 200 ? new Uint8Array(await response.arrayBuffer()) : undefined;
      },
      () => 'the damaged document downloaded again',
    );
    assert.deepEqual(served, paper.bytes);
  });

  await t.test('host SIGKILLed mid-download, restarted over a corrupt partial: the mirror completes', async () => {
    await host.stop();
    // Make the host fetch the biggest paper again, starting from a partial whose bytes are wrong.
    const biggest = [...papers].sort((a, b) => b.size - a.size)[0]!;
    rmSync(cachedFilePath(host, biggest.sha256));
    writeFileSync(path.join(host.documentsDir, biggest.sha256.slice(0, 2), `${biggest.sha256}.partial`), Buffer.alloc(biggest.size >> 1, 0x41));
    // And another one from scratch, so there is a download under way to kill.
    const second = [...papers].sort((a, b) => b.size - a.size)[1]!;
    rmSync(cachedFilePath(host, second.sha256));

    host = await startHostProcess({ serverUrl: relay.url, username: 'member', password, dataDir: hostDataDir });
    await waitForPartialDownload(host);
    await host.stop('SIGKILL');
    relay.dropConnections();

    host = await startHostProcess({ serverUrl: relay.url, username: 'member', password, dataDir: hostDataDir });
    await waitUntilSynced(host, await latestSeq(server.url));
    assertMirrorComplete(host, papers);
  });
});
