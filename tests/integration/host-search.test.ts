/**
 * Search across all mirrored papers, against a real server and a real host
 * process: real corpus PDFs are read and indexed, a phrase is found on the
 * page pdftotext puts it on, search syntax typed by a user is just text, an
 * image-only PDF is reported as having no searchable text, and a purged
 * confidential paper leaves no text behind in the mirror.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { searchMatchEnd, searchMatchStart, type SearchResults } from '../../common/bridge.ts';
import { AgendaDocument, Meeting, apiPaths } from '../../common/wire.ts';
import { ApiClient } from '../support/api-client.ts';
import { corpusPath } from '../support/corpus.ts';
import { imageOnlyPdf } from '../support/pdf-fixtures.ts';
import { demoPassword, endMembership, publishCorpusMeeting, waitFor } from '../support/host-council.ts';
import { callBridge, invokeBridge, latestSeq, startHostProcess, waitUntilSynced, type HostProcess } from '../support/host-process.ts';
import { startServerProcess } from '../support/server-process.ts';

/** A PDF whose only page is a picture of a corpus page: no text layer, like a scan. */
async function scannedCorpusPage(): Promise<Uint8Array> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chamber-scan-'));
  try {
    execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', corpusPath('pdfjs_tracemonkey.pdf'), path.join(dir, 'page')]);
    return await imageOnlyPdf(readFileSync(path.join(dir, 'page-01.png')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function search(host: HostProcess, query: string, limit?: number): Promise<SearchResults> {
  return callBridge<SearchResults>(host, 'search.query', limit === undefined ? { query } : { query, limit });
}

function ftsRowsOf(host: HostProcess, documentId: string): number {
  const db = new Database(host.mirrorPath, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT COUNT(*) FROM document_pages_fts WHERE document_id = ?').pluck().get(documentId) as number;
  } finally {
    db.close();
  }
}

test('the host indexes mirrored papers and searches them', async (t) => {
  const server = await startServerProcess({ seed: 'demo' });
  t.after(() => server.stop());
  const council = await publishCorpusMeeting(server.url, server.dataDir);

  // A scanned supplement, published on top of the corpus papers.
  const clerk = await ApiClient.login(server.url, 'clerk', demoPassword(server.dataDir, 'clerk'));
  const scan = AgendaDocument.parse(
    await clerk.uploadPdf(`${apiPaths.itemDocuments(council.publicItem.id)}?${new URLSearchParams({ name: 'Scanned letter', kind: 'report' })}`, await scannedCorpusPage()),
  );
  Meeting.parse(await clerk.post(apiPaths.publish(council.meeting.id), { changeNote: 'Scanned letter added' }));

  const host = await startHostProcess({ serverUrl: server.url, username: 'member', password: demoPassword(server.dataDir, 'member') });
  t.after(() => host.stop());
  await waitUntilSynced(host, await latestSeq(server.url));
  await waitFor(
    async () => {
      const results = await search(host, 'council');
      return results.pendingDocuments === 0 && results.noTextDocuments.length > 0 ? results : undefined;
    },
    () => `every paper indexed\n${host.output().slice(-2000)}`,
    240_000,
  );

  const minutes = council.documents.find((d) => d.name === 'Minutes of the last meeting');
  const confidential = council.documents.find((d) => d.name === 'Budget amendments pack');
  assert.ok(minutes && confidential);

  await t.test('a phrase is found in the right document on the page pdftotext puts it on', async () => {
    // `pdftotext -f 7 -l 7` of the printed minutes: "…a comprehensive feasibility study into cost effective ways…"
    const pageText = execFileSync('pdftotext', ['-q', '-f', '7', '-l', '7', corpusPath('kent_county-council_printed-minutes_2025-02-13.pdf'), '-']).toString();
    assert.match(pageText, /in-house options/);
    const results = await search(host, 'in-house options');
    const hit = results.hits.find((h) => h.documentId === minutes.id);
    assert.ok(hit, `minutes found: ${JSON.stringify(results.hits)}`);
    assert.equal(hit.page, 7);
    assert.equal(hit.documentName, 'Minutes of the last meeting');
    assert.equal(hit.meetingId, council.meeting.id);
    assert.equal(hit.meetingTitle, council.meeting.title);
    assert.equal(hit.itemNumber, '1');
    assert.ok(hit.snippet.includes(`${searchMatchStart}in${searchMatchEnd}`) || hit.snippet.includes(`${searchMatchStart}options${searchMatchEnd}`), hit.snippet);
    // Only pages holding every term match: the minutes' other pages do not.
    assert.deepEqual(results.hits.filter((h) => h.documentId === minutes.id).map((h) => h.page), [7]);
    // The confidential pack also mentions it while the member may see it.
    assert.ok(results.hits.some((h) => h.documentId === confidential.id));
    assert.ok(results.hits.every((h, i, all) => i === 0 || (all[i - 1]?.rank ?? -Infinity) <= h.rank), 'ranked best first');
  });

  await t.test('diacritics are folded and the limit is honoured', async () => {
    const plain = await search(host, 'feasibility study', 2);
    assert.equal(plain.hits.length, 2);
    const accented = await search(host, 'féasibility');
    assert.ok(accented.hits.some((h) => h.documentId === minutes.id && h.page === 7));
  });

  await t.test('search syntax typed by a user is plain text, never an error', async () => {
    for (const query of ['"', 'AND (', 'NEAR(a b)', 'council OR', '*', 'col:value', '^start', "'; DROP TABLE documents; --"]) {
      const response = await invokeBridge(host, 'search.query', { query });
      assert.equal(response.status, 200, `${query}: ${await response.clone().text()}`);
      const body = (await response.json()) as { result: SearchResults };
      assert.ok(Array.isArray(body.result.hits));
    }
    const quoted = await search(host, '"feasibility study"');
    assert.ok(quoted.hits.some((h) => h.documentId === minutes.id), 'quotes typed around words still find them');
    const bad = await invokeBridge(host, 'search.query', { query: '' });
    assert.equal(bad.status, 400);
    const tooMany = await invokeBridge(host, 'search.query', { query: 'council', limit: 1000 });
    assert.equal(tooMany.status, 400);
  });

  await t.test('an image-only PDF is reported as having no searchable text', async () => {
    const results = await search(host, 'council');
    assert.deepEqual(results.noTextDocuments, [
      { documentId: scan.id, documentName: 'Scanned letter', meetingId: council.meeting.id, meetingTitle: council.meeting.title },
    ]);
    assert.ok(results.hits.every((h) => h.documentId !== scan.id));
  });

  await t.test('ending the membership removes the confidential paper’s text from the mirror', async () => {
    assert.ok(ftsRowsOf(host, confidential.id) > 0, 'the confidential paper was indexed');
    await endMembership(server.url, server.dataDir, council.committee.id, 'member');
    await waitFor(
      async () => ((await search(host, 'feasibility study')).hits.some((h) => h.documentId === confidential.id) ? undefined : true),
      () => `confidential text gone from search\n${host.output().slice(-2000)}`,
    );
    assert.equal(ftsRowsOf(host, confidential.id), 0);
    const db = new Database(host.mirrorPath, { readonly: true, fileMustExist: true });
    try {
      assert.equal(db.prepare('SELECT COUNT(*) FROM document_text_state WHERE document_id = ?').pluck().get(confidential.id), 0);
      assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    } finally {
      db.close();
    }
    const after = await search(host, 'in-house options');
    assert.ok(after.hits.some((h) => h.documentId === minutes.id), 'public papers still searchable');
  });
});
