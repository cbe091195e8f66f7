/**
 * Migrations run from an empty database and from the previous version (real
 * SQLite files in a temp folder), keep existing data, are recorded, and are
 * not re-applied.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { appliedMigrationVersions, openDatabase, runMigrations } from '../../collab-server/db/database.ts';
import { allMigrations } from '../../collab-server/db/migrations/index.ts';

const tempFile = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'chamber-migrations-')), 'chamber.sqlite');
const tableNames = (db: Database.Database) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);

test('versions are unique and ascending', () => {
  const versions = allMigrations.map((m) => m.version);
  assert.deepEqual(versions, [...versions].sort((a, b) => a - b));
  assert.equal(new Set(versions).size, versions.length);
  assert.equal(versions[0], 1);
});

test('from an empty database every migration runs once, in WAL mode with synchronous=FULL', () => {
  const file = tempFile();
  const db = openDatabase(file);
  assert.deepEqual(appliedMigrationVersions(db), allMigrations.map((m) => m.version));
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(db.pragma('synchronous', { simple: true }), 2, 'FULL');
  for (const table of ['users', 'sessions', 'meetings', 'items', 'documents', 'changes', 'published_entities', 'audit_log']) {
    assert.ok(tableNames(db).includes(table), `${table} exists`);
  }
  assert.deepEqual(runMigrations(db), [], 'nothing left to apply');
  db.close();
});

test('from the previous version the newest migration applies and existing rows survive', () => {
  const file = tempFile();
  const previous = allMigrations.slice(0, -1);
  const old = new Database(file);
  runMigrations(old, previous);
  assert.deepEqual(appliedMigrationVersions(old), previous.map((m) => m.version));
  old.prepare("INSERT INTO users (id, username, display_name, password_hash, is_admin, created_at) VALUES ('u1', 'clerk', 'Clerk', 'x', 0, '2026-01-01T00:00:00Z')").run();
  old.close();

  const db = openDatabase(file);
  assert.deepEqual(appliedMigrationVersions(db), allMigrations.map((m) => m.version));
  assert.equal((db.prepare('SELECT username FROM users WHERE id = ?').get('u1') as { username: string }).username, 'clerk');
  db.close();
});

test('a failing migration leaves the database at the previous version', () => {
  const file = tempFile();
  const broken = [...allMigrations, { version: 999, name: 'broken', up: (d: Database.Database) => d.exec('CREATE TABLE half_done (x); SELECT * FROM no_such_table;') }];
  assert.throws(() => openDatabase(file, broken), /no such table/);
  const db = new Database(file);
  assert.deepEqual(appliedMigrationVersions(db), allMigrations.map((m) => m.version));
  assert.ok(!tableNames(db).includes('half_done'), 'the failed migration was rolled back');
  db.close();
});
