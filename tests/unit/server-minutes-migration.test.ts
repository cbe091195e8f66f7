/**
 * Migration 010 (minutes) on a real SQLite file that holds papers from before
 * it: every document keeps its row (rowid included, upload order sorts by it)
 * and gains its item's meeting; a meeting-level document may exist only as
 * minutes; the default stock phrases are there, in order; amendments cannot
 * be changed or deleted.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { openDatabase, runMigrations } from '../../collab-server/db/database.ts';
import { allMigrations } from '../../collab-server/db/migrations/index.ts';

const tempFile = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'chamber-minutes-migration-')), 'chamber.sqlite');
const now = '2026-01-01T00:00:00.000Z';

test('documents from before 010 keep their rows and gain their meeting; meeting-level ones are minutes only', () => {
  const file = tempFile();
  const old = new Database(file);
  runMigrations(old, allMigrations.filter((migration) => migration.version < 10));
  old.exec(`
    INSERT INTO bodies (id, name) VALUES ('b1', 'Council');
    INSERT INTO committees (id, body_id, name, created_at) VALUES ('c1', 'b1', 'Planning', '${now}');
    INSERT INTO meetings (id, committee_id, title, starts_at, created_at) VALUES ('m1', 'c1', 'Planning', '${now}', '${now}');
    INSERT INTO items (id, meeting_id, position, number, title) VALUES ('i1', 'm1', 0, '1', 'Apologies');
  `);
  const insert = old.prepare(
    `INSERT INTO documents (rowid, id, item_id, lineage_id, version, kind, name, sha256, size, page_count, has_text, created_at)
     VALUES (?, ?, 'i1', ?, 1, 'report', ?, ?, 10, 1, 1, '${now}')`,
  );
  insert.run(7, 'd-late-rowid', 'l1', 'Second', 'b'.repeat(64));
  insert.run(3, 'd-early-rowid', 'l2', 'First', 'a'.repeat(64));
  old.close();

  const db = openDatabase(file);
  try {
    const rows = db.prepare('SELECT rowid, id, item_id, meeting_id, committee_only FROM documents ORDER BY rowid').all();
    assert.deepEqual(rows, [
      { rowid: 3, id: 'd-early-rowid', item_id: 'i1', meeting_id: 'm1', committee_only: 0 },
      { rowid: 7, id: 'd-late-rowid', item_id: 'i1', meeting_id: 'm1', committee_only: 0 },
    ]);
    const meetingLevel = db.prepare(
      `INSERT INTO documents (id, item_id, meeting_id, committee_only, lineage_id, version, kind, name, sha256, size, page_count, has_text, created_at)
       VALUES (?, NULL, 'm1', 1, ?, 1, ?, 'Minutes', ?, 10, 1, 1, '${now}')`,
    );
    assert.throws(() => meetingLevel.run('d-report', 'l3', 'report', 'c'.repeat(64)), /CHECK constraint failed/);
    meetingLevel.run('d-minutes', 'l4', 'minutes', 'd'.repeat(64));
    assert.throws(
      () => db.prepare(`UPDATE documents SET committee_only = 1 WHERE id = 'd-early-rowid'`).run(),
      /CHECK constraint failed/,
      "an item's paper follows its item's confidentiality",
    );

    const phrases = db.prepare('SELECT label, text FROM stock_phrases ORDER BY position').all() as { label: string; text: string }[];
    assert.ok(phrases.length >= 8);
    for (const wording of ['RESOLVED that ', 'The Committee noted ', 'The Committee agreed ', 'There were no declarations of interest.']) {
      assert.ok(phrases.some((phrase) => phrase.text === wording), wording);
    }

    db.exec(`INSERT INTO users (id, username, display_name, password_hash, created_at) VALUES ('u1', 'clerk', 'Clerk', 'x', '${now}')`);
    db.exec(`INSERT INTO minutes_amendments (id, meeting_id, by_user_id, at, reason, before_text, after_text) VALUES ('a1', 'm1', 'u1', '${now}', 'typo', 'teh', 'the')`);
    assert.throws(() => db.exec(`UPDATE minutes_amendments SET after_text = 'x'`), /part of the record/);
    assert.throws(() => db.exec('DELETE FROM minutes_amendments'), /part of the record/);
    assert.throws(
      () => db.exec(`INSERT INTO minutes (meeting_id, state) VALUES ('m1', 'approved')`),
      /CHECK constraint failed/,
      'approved minutes carry their hash and state',
    );
  } finally {
    db.close();
  }
});
