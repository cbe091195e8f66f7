import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { test } from 'node:test';
import { parseByteRange } from '../../common/node/byte-ranges.ts';
import { answerByteRange } from '../../electron/host/documents/byte-ranges.ts';
import { DocumentFiles, fileIdentity } from '../../electron/host/documents/document-files.ts';
import { OpenedDocuments } from '../../electron/host/documents/opened-documents.ts';
import { corpusPath } from '../support/corpus.ts';

async function bytesOf(body: Readable | null): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body ?? []) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

test('byte ranges: single, open-ended and suffix ranges; others are unsatisfiable or ignored', () => {
  assert.deepEqual(parseByteRange('bytes=0-99', 1000), { start: 0, end: 99 });
  assert.deepEqual(parseByteRange('bytes=900-', 1000), { start: 900, end: 999 });
  assert.deepEqual(parseByteRange('bytes=900-5000', 1000), { start: 900, end: 999 });
  assert.deepEqual(parseByteRange('bytes=-100', 1000), { start: 900, end: 999 });
  assert.deepEqual(parseByteRange('bytes=-5000', 1000), { start: 0, end: 999 });
  assert.equal(parseByteRange('bytes=1000-', 1000), 'unsatisfiable');
  assert.equal(parseByteRange('bytes=50-10', 1000), 'unsatisfiable');
  assert.equal(parseByteRange('bytes=-0', 1000), 'unsatisfiable');
  // Several ranges, other units, junk: we answer with the whole file instead.
  assert.equal(parseByteRange('bytes=0-1,5-6', 1000), null);
  assert.equal(parseByteRange('items=0-1', 1000), null);
  assert.equal(parseByteRange('bytes=-', 1000), null);
});

test('byte range answers carry what pdf.js checks: Accept-Ranges, Content-Length, Content-Range, ETag', () => {
  const file = { size: 1000, etag: '"abc"' };
  const whole = answerByteRange(file, {});
  assert.equal(whole.status, 200);
  assert.equal(whole.headers['accept-ranges'], 'bytes');
  assert.equal(whole.headers['content-length'], '1000');
  assert.deepEqual(whole.body, { start: 0, end: 999 });

  const part = answerByteRange(file, { range: 'bytes=100-199' });
  assert.equal(part.status, 206);
  assert.equal(part.headers['content-range'], 'bytes 100-199/1000');
  assert.equal(part.headers['content-length'], '100');
  assert.equal(part.headers.etag, '"abc"');

  const beyond = answerByteRange(file, { range: 'bytes=2000-' });
  assert.equal(beyond.status, 416);
  assert.equal(beyond.headers['content-range'], 'bytes */1000');
  assert.equal(beyond.body, null);

  // If-Range naming another version: the whole (current) file, never a piece of it spliced onto old bytes.
  assert.equal(answerByteRange(file, { range: 'bytes=100-199', ifRange: '"other"' }).status, 200);
  assert.equal(answerByteRange(file, { range: 'bytes=100-199', ifRange: '"abc"' }).status, 206);
});

test('only a verified file gets a handle; it serves ranges, and stops serving once the file changes', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chamber-opened-'));
  try {
    const bytes = readFileSync(corpusPath('pdfjs_tracemonkey.pdf'));
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const files = new DocumentFiles(dir);
    mkdirSync(path.dirname(files.finalPath(sha256)), { recursive: true });

    assert.equal(await files.verifiedFile(sha256, bytes.length), null, 'missing file');
    const corrupt = Buffer.from(bytes);
    corrupt[1000] = (corrupt[1000] ?? 0) ^ 0xff;
    writeFileSync(files.finalPath(sha256), corrupt);
    assert.equal(await files.verifiedFile(sha256, bytes.length), null, 'corrupt file of the right size');
    writeFileSync(files.finalPath(sha256), bytes.subarray(0, 5000));
    assert.equal(await files.verifiedFile(sha256, bytes.length), null, 'partial file');

    writeFileSync(files.finalPath(sha256), bytes);
    const verified = await files.verifiedFile(sha256, bytes.length);
    assert.ok(verified);
    const opened = new OpenedDocuments();
    const handle = opened.add(verified);
    assert.match(handle, /^[A-Za-z0-9_-]{22}$/);

    const whole = await opened.respond(handle, {});
    assert.equal(whole.status, 200);
    assert.deepEqual(await bytesOf(whole.body), bytes);
    const tail = await opened.respond(handle, { range: 'bytes=-1024' });
    assert.equal(tail.status, 206);
    assert.deepEqual(await bytesOf(tail.body), bytes.subarray(bytes.length - 1024));
    assert.equal(tail.headers.etag, `"${sha256}"`);

    assert.equal((await opened.respond('A'.repeat(22), {})).status, 404, 'unknown handle');
    assert.equal((await opened.respond('../../etc/passwd', {})).status, 404, 'not a handle');

    // Rewritten on disk after it was verified (here: damaged in place): refused from then on.
    await new Promise((resolve) => setTimeout(resolve, 20));
    writeFileSync(files.finalPath(sha256), corrupt);
    const after = await opened.respond(handle, { range: 'bytes=0-99' });
    assert.equal(after.status, 404);
    assert.equal((await opened.respond(handle, {})).status, 404, 'the handle is forgotten');
    // And it is hashed again before it can be opened again.
    assert.equal(await files.verifiedFile(sha256, bytes.length), null);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('only the newest handles are kept', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chamber-opened-'));
  try {
    const filePath = path.join(dir, 'a.pdf');
    writeFileSync(filePath, 'x');
    const file = { filePath, size: 1, sha256: 'x', identity: fileIdentity(statSync(filePath)) };
    const opened = new OpenedDocuments(2);
    const [first, second, third] = [opened.add(file), opened.add(file), opened.add(file)];
    assert.equal((await opened.respond(first, {})).status, 404);
    for (const handle of [second, third]) {
      const answer = await opened.respond(handle, {});
      assert.equal(answer.status, 200);
      assert.equal((await bytesOf(answer.body)).toString(), 'x');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
