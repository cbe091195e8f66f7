/**
 * The mirror's search index on a real SQLite file: which cached documents
 * wait for reading, plain-text queries (FTS syntax is never interpreted),
 * ranking and snippets, no-text documents, and text leaving with its document.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { searchMatchEnd, searchMatchStart } from '../../common/bridge.ts';
import type { AgendaDocument, Change } from '../../common/wire.ts';
import { MirrorStore } from '../../electron/host/mirror/mirror-store.ts';
import { SearchIndex, toFtsQuery } from '../../electron/host/search/search-index.ts';

/** A feed change before the feed numbers it. */
type Unnumbered = Change extends infer C ? (C extends unknown ? Omit<C, 'seq'> : never) : never;

const sha = (n: number): string => n.toString(16).padStart(64, '0');
const paper = (id: string, n: number, extra: Partial<AgendaDocument> = {}): AgendaDocument => ({
  id,
  itemId: 'i1',
  lineageId: id,
  version: 1,
  kind: 'report',
  name: `Paper ${id}`,
  sha256: sha(n),
  size: 100,
  pageCount: 2,
  hasText: true,
  createdAt: '2026-11-01T10:00:00.000Z',
  ...extra,
});

function withIndex(run: (store: MirrorStore, index: SearchIndex, apply: (changes: Unnumbered[]) => void) => void): void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chamber-search-'));
  const store = new MirrorStore(path.join(dir, 'mirror.sqlite'));
  let seq = 0;
  const apply = (changes: Unnumbered[]) => {
    const numbered = changes.map((change) => ({ ...change, seq: ++seq }) as Change);
    store.applyPage({ changes: numbered, nextSince: seq, hasMore: false });
  };
  try {
    apply([
      { kind: 'committee', op: 'upsert', data: { id: 'c1', bodyId: 'b1', name: 'Planning Committee' } },
      {
        kind: 'meeting',
        op: 'upsert',
        data: { id: 'm1', committeeId: 'c1', title: 'Planning, December', startsAt: '2026-12-04T18:30:00.000Z', endsAt: null, venue: null, state: 'published', publishedVersion: 1, changeNote: null },
      },
      {
        kind: 'item',
        op: 'upsert',
        data: { id: 'i1', meetingId: 'm1', parentItemId: null, position: 0, number: '1', title: 'Mill Lane', confidential: false, confidentialReason: null },
      },
      { kind: 'document', op: 'upsert', data: paper('d1', 1) },
      { kind: 'document', op: 'upsert', data: paper('d2', 2) },
    ]);
    run(store, new SearchIndex(store.db), apply);
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const at = '2026-11-27T08:00:00.000Z';
const ftsRows = (store: MirrorStore, documentId: string) =>
  store.db.prepare('SELECT COUNT(*) FROM document_pages_fts WHERE document_id = ?').pluck().get(documentId);

test('plain text becomes quoted FTS terms; nothing searchable gives null', () => {
  assert.equal(toFtsQuery('Mill  lane'), '"Mill" "lane"');
  assert.equal(toFtsQuery('say "hi"'), '"say" """hi"""');
  assert.equal(toFtsQuery('AND ( "'), '"AND"');
  assert.equal(toFtsQuery(' ( ) * " '), null);
});

test('only cached documents wait for indexing, and each is read once per file', () => {
  withIndex((store, index) => {
    assert.deepEqual(index.pending(), []);
    store.markCached(sha(1), 100, at);
    assert.deepEqual(index.pending(), [{ documentId: 'd1', sha256: sha(1) }]);
    index.record('d1', sha(1), { state: 'indexed', pages: ['The site lies north of Mill Lane.', 'Flood zone one.'] }, at);
    assert.deepEqual(index.pending(), []);
    assert.equal(index.query('anything', 10).pendingDocuments, 0);
  });
});

test('queries find pages by bm25 with marked snippets; syntax characters are just text', () => {
  withIndex((store, index) => {
    store.markCached(sha(1), 100, at);
    store.markCached(sha(2), 100, at);
    index.record('d1', sha(1), { state: 'indexed', pages: ['Introduction.', 'Access from Mill Lane; Mill Lane is narrow near the mill.'] }, at);
    index.record('d2', sha(2), { state: 'no-text', pages: ['', ''] }, at);

    const results = index.query('mill lane', 10);
    assert.equal(results.hits.length, 1);
    const hit = results.hits[0];
    assert.ok(hit);
    assert.equal(hit.documentId, 'd1');
    assert.equal(hit.page, 2);
    assert.equal(hit.meetingTitle, 'Planning, December');
    assert.equal(hit.itemNumber, '1');
    assert.ok(hit.snippet.includes(`${searchMatchStart}Mill${searchMatchEnd} ${searchMatchStart}Lane${searchMatchEnd}`), hit.snippet);
    assert.deepEqual(results.noTextDocuments, [{ documentId: 'd2', documentName: 'Paper d2', meetingId: 'm1', meetingTitle: 'Planning, December' }]);

    for (const query of ['"', 'AND (', 'NEAR(mill lane)', 'mill OR', 'text:mill', '*']) {
      assert.doesNotThrow(() => index.query(query, 10), query);
    }
    assert.equal(index.query('mill OR', 10).hits.length, 0, 'OR is a word to find, not an operator');
  });
});

test('each hit’s snippet comes from its own page, not from the first page the index holds', () => {
  withIndex((store, index) => {
    store.markCached(sha(1), 100, at);
    store.markCached(sha(2), 100, at);
    // Read first, so its page has the lowest rowid: the one a snippet lookup that lost its rowid would return.
    index.record('d1', sha(1), { state: 'indexed', pages: ['Reason: to secure a measurable net gain for biodiversity.'] }, at);
    index.record('d2', sha(2), { state: 'indexed', pages: ['Preface.', 'Ecology and biodiversity net gain are consulted on.'] }, at);

    const hits = index.query('biodiversity net gain', 10).hits;
    const plain = (snippet: string) => snippet.replaceAll(searchMatchStart, '').replaceAll(searchMatchEnd, '');
    assert.deepEqual(
      hits.map((hit) => [hit.documentId, hit.page, plain(hit.snippet)]).sort(),
      [
        ['d1', 1, 'Reason: to secure a measurable net gain for biodiversity.'],
        ['d2', 2, 'Ecology and biodiversity net gain are consulted on.'],
      ],
    );
  });
});

test('text leaves with its document, and a replaced file is read again', () => {
  withIndex((store, index, apply) => {
    store.markCached(sha(1), 100, at);
    store.markCached(sha(2), 100, at);
    index.record('d1', sha(1), { state: 'indexed', pages: ['Mill Lane'] }, at);
    index.record('d2', sha(2), { state: 'indexed', pages: ['Hollow Lane'] }, at);

    apply([{ kind: 'document', op: 'delete', id: 'd1' }]);
    assert.equal(ftsRows(store, 'd1'), 0);
    assert.equal(index.query('mill', 10).hits.length, 0);

    apply([{ kind: 'document', op: 'upsert', data: paper('d2', 3) }]);
    assert.equal(ftsRows(store, 'd2'), 0, 'the old file’s text goes with it');
    store.markCached(sha(3), 100, at);
    assert.deepEqual(index.pending(), [{ documentId: 'd2', sha256: sha(3) }]);
    // A result for a file the document no longer has is not stored.
    index.record('d2', sha(2), { state: 'indexed', pages: ['Hollow Lane'] }, at);
    assert.equal(ftsRows(store, 'd2'), 0);
  });
});
