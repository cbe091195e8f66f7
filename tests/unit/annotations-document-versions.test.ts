/**
 * Document version lineage in the mirror (migration 007): a replaced version
 * outlives its tombstone so annotations can be carried forward from it, and
 * goes with its agenda item (deleted, purged, or not sent again on a resync).
 * Migrates from empty and from the previous schema version.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import type { AgendaDocument, AgendaItem, Change, ChangePage } from '../../common/wire.ts';
import { DocumentVersions } from '../../electron/host/mirror/document-versions.ts';
import { migrate } from '../../electron/host/mirror/migrate.ts';
import { mirrorMigrations } from '../../electron/host/mirror/migrations/index.ts';
import { MirrorStore } from '../../electron/host/mirror/mirror-store.ts';

const item = (id: string, confidential = false): AgendaItem => ({
  id,
  meetingId: 'm1',
  parentItemId: null,
  position: 0,
  number: '1',
  title: `Item ${id}`,
  confidential,
  confidentialReason: confidential ? 'Paragraph 3' : null,
});
const doc = (id: string, itemId: string, lineageId: string, version: number): AgendaDocument => ({
  id,
  itemId,
  lineageId,
  version,
  kind: 'report',
  name: `Paper ${id}`,
  sha256: (version + id.length).toString(16).padStart(64, '0'),
  size: 100,
  pageCount: 3,
  hasText: true,
  createdAt: '2026-11-01T10:00:00.000Z',
});

/** A change without its seq (Omit over each member of the union, not the union as a whole). */
type Unnumbered = Change extends infer C ? (C extends unknown ? Omit<C, 'seq'> : never) : never;

let seq = 0;
function page(changes: Unnumbered[]): ChangePage {
  const numbered = changes.map((change) => ({ ...change, seq: ++seq }) as Change);
  return { changes: numbered, nextSince: seq, hasMore: false };
}

function withMirror(run: (store: MirrorStore, versions: DocumentVersions) => void): void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chamber-versions-'));
  const store = new MirrorStore(path.join(dir, 'mirror.sqlite'));
  try {
    run(store, new DocumentVersions(store.db));
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function council(): ChangePage {
  return page([
    { kind: 'committee', op: 'upsert', data: { id: 'c1', bodyId: 'b1', name: 'Planning Committee' } },
    { kind: 'membership', op: 'upsert', data: { committeeId: 'c1', role: 'member' } },
    {
      kind: 'meeting',
      op: 'upsert',
      data: { id: 'm1', committeeId: 'c1', title: 'M', startsAt: '2026-12-04T18:30:00.000Z', endsAt: null, venue: null, state: 'published', publishedVersion: 1, changeNote: null },
    },
    { kind: 'item', op: 'upsert', data: item('i1') },
    { kind: 'item', op: 'upsert', data: item('i2', true) },
    { kind: 'document', op: 'upsert', data: doc('a1', 'i1', 'A', 1) },
    { kind: 'document', op: 'upsert', data: doc('s1', 'i2', 'S', 1) },
  ]);
}

/** Version 2 and 3 replace a1 (the feed tombstones each replaced version). */
function replaceTwice(): ChangePage {
  return page([
    { kind: 'document', op: 'upsert', data: doc('a2', 'i1', 'A', 2) },
    { kind: 'document', op: 'delete', id: 'a1' },
    { kind: 'document', op: 'upsert', data: doc('a3', 'i1', 'A', 3) },
    { kind: 'document', op: 'delete', id: 'a2' },
    { kind: 'document', op: 'upsert', data: doc('s2', 'i2', 'S', 2) },
    { kind: 'document', op: 'delete', id: 's1' },
  ]);
}

test('replaced versions outlive their tombstones, newest first', () => {
  withMirror((store, versions) => {
    store.applyPage(council());
    assert.deepEqual(versions.previous('a1'), []);
    store.applyPage(replaceTwice());
    assert.equal(store.findDocument('a1'), null, 'the old version is gone from the documents');
    assert.deepEqual(versions.previous('a3'), [
      { documentId: 'a2', version: 2, name: 'Paper a2' },
      { documentId: 'a1', version: 1, name: 'Paper a1' },
    ]);
    assert.deepEqual(versions.previous('a2').map((v) => v.documentId), ['a1']);
    assert.deepEqual(versions.previous('unknown'), []);
  });
});

test('lineage goes with its item when the item is deleted or purged', () => {
  withMirror((store, versions) => {
    store.applyPage(council());
    store.applyPage(replaceTwice());
    store.applyPage(page([{ kind: 'committee', op: 'purge', id: 'c1' }]));
    assert.deepEqual(versions.previous('s2'), [], 'nothing of a confidential item outlives the purge');
    assert.equal(versions.previous('a3').length, 2);
    store.applyPage(page([{ kind: 'item', op: 'delete', id: 'i1' }]));
    assert.deepEqual(versions.previous('a3'), []);
    assert.equal(store.db.prepare('SELECT COUNT(*) FROM document_versions').pluck().get(), 0);
  });
});

test('a resync keeps the lineage of items sent again and drops the rest', () => {
  withMirror((store, versions) => {
    store.applyPage(council());
    store.applyPage(replaceTwice());
    assert.equal(store.applyPage(page([{ kind: 'mirror', op: 'resync' }])).restartFromZero, true);
    const [committee, , meeting, publicItem] = council().changes;
    // Sent again: the public item and its current version only; the confidential item is no longer visible.
    store.applyPage({ changes: [committee!, meeting!, publicItem!, { seq: ++seq, kind: 'document', op: 'upsert', data: doc('a3', 'i1', 'A', 3) }], nextSince: seq, hasMore: false });
    store.finishResync();
    assert.deepEqual(versions.previous('a3').map((v) => v.documentId), ['a2', 'a1']);
    assert.equal(store.db.prepare("SELECT COUNT(*) FROM document_versions WHERE item_id = 'i2'").pluck().get(), 0);
  });
});

test('from the previous schema version: existing documents are recorded, and new ones from then on', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chamber-versions-'));
  try {
    const file = path.join(dir, 'mirror.sqlite');
    const old = new Database(file);
    const previous = mirrorMigrations.filter((m) => m.version < 7);
    migrate(old, previous);
    old.prepare("INSERT INTO committees (id, body_id, name) VALUES ('c1', 'b1', 'P')").run();
    old
      .prepare(
        `INSERT INTO meetings (id, committee_id, title, starts_at, ends_at, venue, state, published_version, change_note)
         VALUES ('m1', 'c1', 'M', '2026-12-04T18:30:00.000Z', NULL, NULL, 'published', 1, NULL)`,
      )
      .run();
    old
      .prepare(
        `INSERT INTO agenda_items (id, meeting_id, parent_item_id, position, number, title, confidential, confidential_reason)
         VALUES ('i1', 'm1', NULL, 0, '1', 'I', 0, NULL)`,
      )
      .run();
    old
      .prepare(
        `INSERT INTO documents (id, item_id, lineage_id, version, kind, name, sha256, size, page_count, has_text, created_at)
         VALUES ('a1', 'i1', 'A', 1, 'report', 'Paper a1', ?, 1, 1, 1, '2026-11-01T10:00:00.000Z')`,
      )
      .run('0'.repeat(64));
    assert.equal(old.pragma('user_version', { simple: true }), previous.at(-1)!.version);
    old.close();

    const store = new MirrorStore(file);
    try {
      assert.equal(store.db.pragma('user_version', { simple: true }), mirrorMigrations.at(-1)!.version);
      store.applyPage(page([{ kind: 'document', op: 'upsert', data: doc('a2', 'i1', 'A', 2) }, { kind: 'document', op: 'delete', id: 'a1' }]));
      assert.deepEqual(new DocumentVersions(store.db).previous('a2').map((v) => v.documentId), ['a1']);
    } finally {
      store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
