/**
 * Document upload and download over real HTTP: a mirror downloads a report in
 * two ranged parts and verifies the SHA-256 (the ETag); conditional and
 * unsatisfiable requests; refusal of a non-PDF, unreadable and encrypted PDFs
 * and an oversized upload, with nothing stored for any of them.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { type AgendaDocument, type AgendaItem, type Committee, type Meeting, MeetingDetailResponse, type UserProfile, apiPaths } from '../../common/wire.ts';
import { ApiClient, ApiRequestError } from '../support/api-client.ts';
import { corpusPath } from '../support/corpus.ts';
import { type ServerProcess, startServerWithAdmin } from '../support/server-process.ts';

const MAX_UPLOAD = 600_000;
const REPORT = 'kent_county-council_printed-minutes_2025-02-13.pdf';
let server: ServerProcess;
let clerk: ApiClient;
let member: ApiClient;
let item: AgendaItem;
let meeting: Meeting;
let stored: AgendaDocument;

before(async () => {
  const started = await startServerWithAdmin({ maxUploadBytes: MAX_UPLOAD });
  server = started.server;
  const admin = await ApiClient.login(server.url, 'admin', started.adminPassword);
  const committee = await admin.post<Committee>(apiPaths.adminCommittees, { name: 'Full Council' });
  for (const [username, role] of [['clerk', 'clerk'], ['member', 'member']] as const) {
    const user = await admin.post<UserProfile>(apiPaths.adminUsers, { username, displayName: username, password: `${username}-password-long` });
    await admin.put(apiPaths.adminMembership(committee.id, user.id), { role });
  }
  clerk = await ApiClient.login(server.url, 'clerk', 'clerk-password-long');
  member = await ApiClient.login(server.url, 'member', 'member-password-long');
  meeting = await clerk.post<Meeting>(apiPaths.meetings, { committeeId: committee.id, title: 'Council', startsAt: '2026-12-10T19:00:00+00:00' });
  item = await clerk.post<AgendaItem>(apiPaths.meetingItems(meeting.id), { number: '1', title: 'Minutes' });
});

after(async () => {
  await server?.stop();
});

function storedFiles(): string[] {
  const root = path.join(server.dataDir, 'documents');
  return readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name).sort();
}

async function refused(file: string, name: string, status: number, code: string, body?: Uint8Array): Promise<ApiRequestError> {
  const before = storedFiles();
  const error = await clerk.uploadPdf(`${apiPaths.itemDocuments(item.id)}?name=${encodeURIComponent(name)}`, body ?? readFileSync(corpusPath(file))).then(
    () => assert.fail(`${name} should have been refused`),
    (e: unknown) => e,
  );
  assert.ok(error instanceof ApiRequestError);
  assert.equal(error.status, status, error.message);
  assert.equal(error.code, code, error.message);
  assert.deepEqual(storedFiles(), before, 'a refused upload must leave nothing on disk');
  const detail = MeetingDetailResponse.parse(await clerk.get(apiPaths.meeting(meeting.id)));
  assert.ok(!detail.documents.some((d) => d.name === name), 'a refused upload must leave nothing in the database');
  return error;
}

test('a file named .pdf that is really JSON is refused as not-a-pdf', async () => {
  const error = await refused('duisburg_rat_2025-02-24_NOT-A-PDF_json.pdf', 'duisburg.pdf', 422, 'not-a-pdf');
  assert.match(error.message, /not a PDF/);
});

test('a PDF that pdf.js cannot open is refused as unreadable-pdf', async () => {
  await refused('pdfjs_bug1020226_invalid-structure.pdf', 'broken.pdf', 422, 'unreadable-pdf');
  await refused('pdfjs_Pages-tree-refs_circular.pdf', 'circular.pdf', 422, 'unreadable-pdf');
});

test('a password-protected PDF is refused as encrypted-pdf', async () => {
  await refused('pdfjs_issue6010_1_password-abc.pdf', 'locked.pdf', 422, 'encrypted-pdf');
});

test('an upload over the size limit is refused with 413', async () => {
  const big = readFileSync(corpusPath('pdfjs_tracemonkey.pdf'));
  assert.ok(big.length > MAX_UPLOAD);
  const error = await refused('pdfjs_tracemonkey.pdf', 'too-big.pdf', 413, 'too-large', big);
  assert.match(error.message, new RegExp(String(MAX_UPLOAD)));

  // Without Content-Length (chunked), the limit is enforced while streaming to disk.
  const before = storedFiles();
  const chunked = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let offset = 0; offset < big.length; offset += 64 * 1024) controller.enqueue(big.subarray(offset, offset + 64 * 1024));
      controller.close();
    },
  });
  const response = await fetch(new URL(`${apiPaths.itemDocuments(item.id)}?name=streamed.pdf`, server.url), {
    method: 'POST',
    headers: { authorization: `Bearer ${clerk.token}`, 'content-type': 'application/pdf' },
    body: chunked,
    duplex: 'half',
  } as RequestInit);
  assert.equal(response.status, 413);
  assert.equal(((await response.json()) as { code: string }).code, 'too-large');
  assert.deepEqual(storedFiles(), before);
});

test('a wrong content type and a missing name are clear 4xx errors', async () => {
  const response = await fetch(new URL(`${apiPaths.itemDocuments(item.id)}?name=x.pdf`, server.url), {
    method: 'POST',
    headers: { authorization: `Bearer ${clerk.token}`, 'content-type': 'text/plain' },
    body: 'hello',
  });
  assert.equal(response.status, 415);
  assert.equal(((await response.json()) as { code: string }).code, 'unsupported-media-type');
  await assert.rejects(clerk.uploadPdf(apiPaths.itemDocuments(item.id), readFileSync(corpusPath(REPORT))), (e: ApiRequestError) => e.status === 400 && e.code === 'invalid-request');
});

test('a stored PDF gets its page count, text flag and SHA-256, and is served in two ranged parts', async () => {
  const bytes = readFileSync(corpusPath(REPORT));
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  stored = await clerk.uploadPdf<AgendaDocument>(`${apiPaths.itemDocuments(item.id)}?name=Minutes.pdf&kind=minutes`, bytes);
  assert.equal(stored.sha256, sha256);
  assert.equal(stored.size, bytes.length);
  assert.equal(stored.pageCount, 14);
  assert.equal(stored.hasText, true);
  assert.ok(storedFiles().includes(sha256));
  await clerk.post(apiPaths.publish(meeting.id), {});

  const url = new URL(apiPaths.documentContent(sha256), server.url);
  const auth = { authorization: `Bearer ${member.token}` };
  const half = Math.floor(bytes.length / 2);
  const first = await fetch(url, { headers: { ...auth, range: `bytes=0-${half - 1}` } });
  assert.equal(first.status, 206);
  assert.equal(first.headers.get('content-range'), `bytes 0-${half - 1}/${bytes.length}`);
  assert.equal(first.headers.get('etag'), `"${sha256}"`);
  assert.equal(first.headers.get('accept-ranges'), 'bytes');
  const part1 = Buffer.from(await first.arrayBuffer());
  // Resume as a mirror would: If-Range guards against the file having changed.
  const second = await fetch(url, { headers: { ...auth, range: `bytes=${half}-`, 'if-range': `"${sha256}"` } });
  assert.equal(second.status, 206);
  const part2 = Buffer.from(await second.arrayBuffer());
  const whole = Buffer.concat([part1, part2]);
  assert.equal(whole.length, bytes.length);
  assert.equal(createHash('sha256').update(whole).digest('hex'), sha256);

  const suffix = await fetch(url, { headers: { ...auth, range: 'bytes=-100' } });
  assert.equal(suffix.status, 206);
  assert.deepEqual(Buffer.from(await suffix.arrayBuffer()), bytes.subarray(bytes.length - 100));

  const full = await fetch(url, { headers: auth });
  assert.equal(full.status, 200);
  assert.equal(full.headers.get('content-length'), String(bytes.length));
  assert.equal(full.headers.get('content-type'), 'application/pdf');
  assert.equal(createHash('sha256').update(Buffer.from(await full.arrayBuffer())).digest('hex'), sha256);
});

test('conditional and unsatisfiable requests', async () => {
  const url = new URL(apiPaths.documentContent(stored.sha256), server.url);
  const auth = { authorization: `Bearer ${member.token}` };
  const notModified = await fetch(url, { headers: { ...auth, 'if-none-match': `"${stored.sha256}"` } });
  assert.equal(notModified.status, 304);
  const beyond = await fetch(url, { headers: { ...auth, range: `bytes=${stored.size}-` } });
  assert.equal(beyond.status, 416);
  assert.equal(beyond.headers.get('content-range'), `bytes */${stored.size}`);
  assert.equal(((await beyond.json()) as { code: string }).code, 'range-not-satisfiable');
  const staleIfRange = await fetch(url, { headers: { ...auth, range: 'bytes=0-9', 'if-range': '"something-else"' } });
  assert.equal(staleIfRange.status, 200, 'a stale If-Range gets the whole file');
  await staleIfRange.arrayBuffer();
  const badHash = await fetch(new URL('/api/v1/documents/not-a-hash/content', server.url), { headers: auth });
  assert.equal(badHash.status, 400);
  const unknown = await fetch(new URL(apiPaths.documentContent('0'.repeat(64)), server.url), { headers: auth });
  assert.equal(unknown.status, 404);
});
