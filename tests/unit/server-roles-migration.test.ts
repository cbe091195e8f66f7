/**
 * Migration 011 widens the committee roles by rebuilding `memberships` (SQLite cannot change a CHECK
 * constraint): rows, indexes and triggers survive, every old role still works, substitutes and officers
 * are accepted, and substitutes leave a public trace as chairs and members do (officers never).
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { runMigrations } from '../../collab-server/db/database.ts';
import { allMigrations } from '../../collab-server/db/migrations/index.ts';

test('memberships keep their rows, indexes and triggers, and take substitutes and officers', () => {
  const db = new Database(path.join(mkdtempSync(path.join(os.tmpdir(), 'chamber-migration-011-')), 'chamber.sqlite'));
  db.pragma('foreign_keys = ON');
  runMigrations(db, allMigrations.filter((m) => m.version < 11));
  db.exec(`
    INSERT INTO bodies (id, name) VALUES ('b', 'Council');
    INSERT INTO committees (id, body_id, name, created_at) VALUES ('c', 'b', 'Planning', '2026-01-01T00:00:00.000Z');
    INSERT INTO users (id, username, display_name, password_hash, is_admin, created_at) VALUES
      ('u1', 'clerk', 'Clerk', 'x', 0, '2026-01-01T00:00:00.000Z'), ('u2', 'sub', 'Sub', 'x', 0, '2026-01-01T00:00:00.000Z'),
      ('u3', 'officer', 'Officer', 'x', 0, '2026-01-01T00:00:00.000Z');
    INSERT INTO memberships (committee_id, user_id, role) VALUES ('c', 'u1', 'clerk');
  `);
  const before = db.prepare('SELECT * FROM memberships').all();
  const schemaOf = () =>
    db.prepare("SELECT type, name FROM sqlite_master WHERE tbl_name = 'memberships' AND type IN ('index', 'trigger') ORDER BY name").all();
  const dependents = schemaOf();
  assert.ok(dependents.length >= 4, 'earlier migrations gave memberships an index and triggers');
  assert.throws(() => db.prepare("INSERT INTO memberships (committee_id, user_id, role) VALUES ('c', 'u2', 'substitute')").run(), /CHECK/);

  runMigrations(db, allMigrations.filter((m) => m.version <= 11));
  assert.deepEqual(db.prepare('SELECT * FROM memberships').all(), before, 'rows kept as they were');
  assert.deepEqual(schemaOf(), dependents, 'the same indexes and triggers');
  db.prepare("INSERT INTO memberships (committee_id, user_id, role) VALUES ('c', 'u2', 'substitute')").run();
  db.prepare("INSERT INTO memberships (committee_id, user_id, role) VALUES ('c', 'u3', 'officer')").run();
  assert.throws(() => db.prepare("UPDATE memberships SET role = 'king' WHERE user_id = 'u2'").run(), /CHECK/);
  const tombstone = (userId: string) => db.prepare("SELECT COUNT(*) FROM public_tombstones WHERE entity_id = 'c:' || ?").pluck().get(userId);

  // A substitute is public: becoming an officer, and leaving, leave a public trace; becoming one again removes it.
  db.prepare("UPDATE memberships SET role = 'officer' WHERE user_id = 'u2'").run();
  assert.equal(tombstone('u2'), 1, 'a substitute who becomes an officer is no longer public');
  db.prepare("UPDATE memberships SET role = 'substitute' WHERE user_id = 'u2'").run();
  assert.equal(tombstone('u2'), 0, 'back in public as a substitute');
  db.prepare("DELETE FROM memberships WHERE user_id = 'u2'").run();
  assert.equal(tombstone('u2'), 1, 'an ended substitute membership leaves a public tombstone');
  // An officer never appears publicly, so leaving leaves nothing.
  db.prepare("DELETE FROM memberships WHERE user_id = 'u3'").run();
  assert.equal(tombstone('u3'), 0);
  assert.equal(db.prepare("SELECT created_at IS NOT NULL FROM memberships WHERE user_id = 'u1'").pluck().get(), 1);
  assert.deepEqual(db.pragma('foreign_key_check'), []);
  db.close();
});
