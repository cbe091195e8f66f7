/**
 * `document.open` and the route that serves an opened document to pdf.js, with
 * real server and host processes: token, Host and Origin checked like every
 * bridge call; byte ranges and ETag as pdf.js uses them; a damaged cached file
 * gets no URL, and a file damaged after it was opened stops being served.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { browserBridgePaths, type MeetingDetail, type OpenedDocumentSource } from '../../common/bridge.ts';
import { demoPassword, publishCorpusMeeting } from '../support/host-council.ts';
import { cachedFilePath, callBridge, invokeBridge, latestSeq, startHostProcess, waitUntilSynced } from '../support/host-process.ts';
import { startServerProcess } from '../support/server-process.ts';

test('opened documents are served with ranges, to our page only, and only while verified', async (t) => {
  const server = await startServerProcess({ seed: 'demo' });
  t.after(() => server.stop());
  const council = await publishCorpusMeeting(server.url, server.dataDir);
  const host = await startHostProcess({ serverUrl: server.url, username: 'member', password: demoPassword(server.dataDir, 'member') });
  t.after(() => host.stop());
  await waitUntilSynced(host, await latestSeq(server.url));

  const detail = await callBridge<MeetingDetail>(host, 'meeting.get', { meetingId: council.meeting.id });
  const documents = detail.items.flatMap((item) => item.documents);
  const [paper, other] = council.publicPapers;
  assert.ok(paper && other);
  const document = documents.find((d) => d.sha256 === paper.sha256);
  const otherDocument = documents.find((d) => d.sha256 === other.sha256);
  assert.ok(document && otherDocument);

  const opened = await callBridge<OpenedDocumentSource>(host, 'document.open', { documentId: document.id });
  assert.match(opened.path, /^\/bridge\/documents\/[A-Za-z0-9_-]{22}$/);
  assert.equal(opened.size, paper.size);
  const url = host.origin + opened.path;
  const token = { [browserBridgePaths.tokenHeader]: host.token };

  await t.test('the whole file, then ranges, as pdf.js asks for them', async () => {
    const whole = await fetch(url, { headers: token });
    assert.equal(whole.status, 200);
    assert.equal(whole.headers.get('accept-ranges'), 'bytes');
    assert.equal(whole.headers.get('content-length'), String(paper.size));
    assert.equal(whole.headers.get('etag'), `"${paper.sha256}"`);
    assert.deepEqual(new Uint8Array(await whole.arrayBuffer()), paper.bytes);

    const tail = await fetch(url, { headers: { ...token, range: 'bytes=-2048' } });
    assert.equal(tail.status, 206);
    assert.equal(tail.headers.get('content-range'), `bytes ${paper.size - 2048}-${paper.size - 1}/${paper.size}`);
    assert.deepEqual(new Uint8Array(await tail.arrayBuffer()), paper.bytes.subarray(paper.size - 2048));

    const beyond = await fetch(url, { headers: { ...token, range: `bytes=${paper.size}-` } });
    assert.equal(beyond.status, 416);
  });

  await t.test('no token, a wrong token or another origin: refused', async () => {
    assert.equal((await fetch(url)).status, 401);
    assert.equal((await fetch(url, { headers: { [browserBridgePaths.tokenHeader]: 'wrong' } })).status, 403);
    assert.equal((await fetch(url, { headers: { ...token, origin: 'http://evil.example' } })).status, 403);
    assert.equal((await fetch(`${host.origin}/bridge/documents/${'A'.repeat(22)}`, { headers: token })).status, 404);
    const refused = await invokeBridge({ origin: host.origin, token: 'wrong' }, 'document.open', { documentId: document.id });
    assert.equal(refused.status, 403);
  });

  await t.test('damaged after opening: no longer served; damaged before: no URL at all', async () => {
    const otherOpened = await callBridge<OpenedDocumentSource>(host, 'document.open', { documentId: otherDocument.id });
    const file = cachedFilePath(host, other.sha256);
    const bytes = readFileSync(file);
    bytes[bytes.length >> 1] = (bytes[bytes.length >> 1]! + 1) % 256;
    await new Promise((resolve) => setTimeout(resolve, 20)); // a different mtime, even on coarse clocks
    writeFileSync(file, bytes);
    assert.equal((await fetch(host.origin + otherOpened.path, { headers: token })).status, 404);
    const refused = await invokeBridge(host, 'document.open', { documentId: otherDocument.id });
    assert.equal(refused.status, 409);
    assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'not-cached');
    // The first document is untouched and still served.
    assert.equal((await fetch(url, { headers: { ...token, range: 'bytes=0-9' } })).status, 206);
  });
});
