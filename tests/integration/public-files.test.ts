/**
 * The public file URLs over the real server with the public council: a public
 * paper is shown inline and downloaded as an attachment named after it (RFC
 * 5987 for names beyond ASCII), with byte ranges, ETag/Last-Modified and 304;
 * a withdrawn or superseded paper answers 410; a confidential paper answers
 * exactly what an id that never existed answers (404), so no confidential id
 * can be confirmed; none of it needs a sign-in, cookies or state.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import contentDisposition from 'content-disposition';
import { readPdfPageTexts } from '../../common/node/pdf-text.ts';
import {
  ALL_SECRET_WORDS, CONFIDENTIAL_TITLE, type PublicCouncil, PREVIOUS_MINUTES_NAME, PUBLIC_MINUTES_TEXT, publicFileUrls, startPublicCouncil,
} from '../support/public-council.ts';

let council: PublicCouncil;
const at = (path: string) => `${council.server.url}${path}`;

before(async () => {
  council = await startPublicCouncil();
});

after(async () => {
  await council?.server.stop();
});

test('a public paper is shown inline, with its bytes, validators and caching headers, to anyone', async () => {
  const { document, paper } = council.papers.planningReport;
  const response = await fetch(at(publicFileUrls(document.id).view));
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'application/pdf');
  assert.equal(contentDisposition.parse(response.headers.get('content-disposition')!).type, 'inline');
  assert.equal(response.headers.get('etag'), `"${document.sha256}"`);
  assert.ok(Date.parse(response.headers.get('last-modified')!) > 0);
  assert.match(response.headers.get('cache-control')!, /^public, max-age=\d+/);
  assert.equal(response.headers.get('accept-ranges'), 'bytes');
  assert.equal(response.headers.get('access-control-allow-origin'), '*');
  assert.equal(Number(response.headers.get('content-length')), paper.size);
  assert.deepEqual(new Uint8Array(await response.arrayBuffer()), paper.bytes);
});

test('the download is an attachment named after the paper, with filename* for a name beyond ASCII', async () => {
  const report = await fetch(at(publicFileUrls(council.papers.planningReport.document.id).download));
  assert.equal(report.status, 200);
  assert.equal(report.headers.get('content-disposition'), 'attachment; filename="Officer report- 14 Harbour Road.pdf"');
  await report.arrayBuffer();

  const minutes = await fetch(at(publicFileUrls(council.papers.previousMinutes.document.id).download));
  const header = minutes.headers.get('content-disposition')!;
  assert.match(header, /^attachment; filename="[\x20-\x7e]+\.pdf"; filename\*=UTF-8''/);
  const parsed = contentDisposition.parse(header);
  assert.equal(parsed.type, 'attachment');
  assert.deepEqual({ ...parsed.parameters }, { filename: `${PREVIOUS_MINUTES_NAME}.pdf` });
  assert.deepEqual(new Uint8Array(await minutes.arrayBuffer()), council.papers.previousMinutes.paper.bytes);
});

test('byte ranges, If-Range, conditional requests and HEAD', async () => {
  const { document, paper } = council.papers.agenda;
  const url = at(publicFileUrls(document.id).view);
  const part = await fetch(url, { headers: { range: 'bytes=100-199' } });
  assert.equal(part.status, 206);
  assert.equal(part.headers.get('content-range'), `bytes 100-199/${paper.size}`);
  assert.deepEqual(new Uint8Array(await part.arrayBuffer()), paper.bytes.subarray(100, 200));
  const tail = await fetch(url, { headers: { range: 'bytes=-50' } });
  assert.deepEqual(new Uint8Array(await tail.arrayBuffer()), paper.bytes.subarray(paper.size - 50));
  // If-Range naming another version: the whole file, not the piece.
  const stale = await fetch(url, { headers: { range: 'bytes=0-9', 'if-range': '"another-version"' } });
  assert.equal(stale.status, 200);
  assert.equal((await stale.arrayBuffer()).byteLength, paper.size);
  const outside = await fetch(url, { headers: { range: `bytes=${paper.size}-` } });
  assert.equal(outside.status, 416);
  assert.equal(outside.headers.get('content-range'), `bytes */${paper.size}`);
  await outside.arrayBuffer();

  const first = await fetch(url, { method: 'HEAD' });
  assert.equal(first.status, 200);
  assert.equal(Number(first.headers.get('content-length')), paper.size);
  const byTag = await fetch(url, { headers: { 'if-none-match': first.headers.get('etag')! } });
  assert.equal(byTag.status, 304);
  assert.equal(byTag.headers.get('etag'), `"${document.sha256}"`);
  const byDate = await fetch(url, { headers: { 'if-modified-since': first.headers.get('last-modified')! } });
  assert.equal(byDate.status, 304);
  const changed = await fetch(url, { headers: { 'if-none-match': '"something-else"' } });
  assert.equal(changed.status, 200);
  await changed.arrayBuffer();
});

test('a paper that was public and is no longer answers 410; a confidential one answers as if it never existed', async () => {
  const { papers } = council;
  for (const gone of [papers.withdrawnReport.document, papers.localPlanV1.document]) {
    for (const path of Object.values(publicFileUrls(gone.id))) {
      const response = await fetch(at(path));
      assert.equal(response.status, 410, path);
      assert.equal(((await response.json()) as { code: string }).code, 'gone');
    }
  }
  const neverAnswer = async (id: string) => {
    const answers = [];
    for (const path of Object.values(publicFileUrls(id))) {
      const response = await fetch(at(path), { headers: { range: 'bytes=0-10', 'if-none-match': '*' } });
      answers.push({ status: response.status, type: response.headers.get('content-type'), body: await response.text() });
    }
    return answers;
  };
  const never = await neverAnswer('00000000-0000-4000-8000-000000000000');
  assert.deepEqual(never.map((answer) => answer.status), [404, 404]);
  for (const hidden of [papers.confidential.document, papers.titlePublic.document, council.minutes.committee]) {
    assert.deepEqual(await neverAnswer(hidden.id), never, 'the same answer as for an id that never existed');
  }
  // Not even a member's sign-in reaches a confidential paper through the public URLs.
  const withToken = await fetch(at(publicFileUrls(papers.confidential.document.id).view), { headers: { authorization: `Bearer ${council.clerk.token}` } });
  assert.equal(withToken.status, 404);
  await withToken.arrayBuffer();
});

test("no public file holds a secret: the public minutes show the exempt item only as such, the papers are the public ones", async () => {
  const { papers, minutes } = council;
  const folder = mkdtempSync(path.join(os.tmpdir(), 'chamber-public-files-'));
  try {
    const texts = new Map<string, string>();
    for (const document of [papers.agenda.document, papers.previousMinutes.document, papers.planningReport.document, papers.localPlanV2.document, minutes.public]) {
      const response = await fetch(at(publicFileUrls(document.id).view));
      assert.equal(response.status, 200, document.name);
      const file = path.join(folder, `${document.id}.pdf`);
      writeFileSync(file, new Uint8Array(await response.arrayBuffer()));
      const text = (await readPdfPageTexts(file, { spacing: 'spaced', stopAtErrors: false })).join(' ').replace(/\s+/g, ' ');
      texts.set(document.name, text);
      for (const secret of [...ALL_SECRET_WORDS, CONFIDENTIAL_TITLE]) assert.ok(!text.toLowerCase().includes(secret.toLowerCase()), `${document.name} holds "${secret}"`);
    }
    // The check reads real text: the public minutes hold what was minuted in public, and the exempt item as such.
    const publicMinutes = texts.get(minutes.public.name)!;
    assert.ok(publicMinutes.includes(PUBLIC_MINUTES_TEXT.slice(0, 40)), publicMinutes.slice(0, 500));
    assert.match(publicMinutes, /Exempt item/);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
