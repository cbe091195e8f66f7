/**
 * The migration runner shared by the council database and the mirror, on real
 * SQLite files: each migration recorded, one that lands out of order still
 * runs, databases from before the record adopt their user_version, and a
 * database written by a newer build is refused untouched.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { appliedMigrationVersions, runMigrations, type Migration } from '../../common/node/migration.ts';
import { migrate } from '../../electron/host/mirror/migrate.ts';
import { mirrorMigrations } from '../../electron/host/mirror/migrations/index.ts';

/** Migration n creates table t<n>. */
const step = (version: number): Migration => ({ version, name: `table ${version}`, up: (db) => db.exec(`CREATE TABLE t${version} (x)`) });
const steps = (...versions: number[]) => versions.map(step);

function withDatabase(run: (db: Database.Database, file: string) => void): void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chamber-migration-runner-'));
  const file = path.join(dir, 'test.sqlite');
  const db = new Database(file);
  try {
    run(db, file);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const tables = (db: Database.Database) =>
  db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 't%' ORDER BY name").pluck().all() as string[];

test('a migration that lands after a higher-numbered one still runs, once', () => {
  withDatabase((db) => {
    // A build had 1, 2 and 4; the 3 written alongside 4 arrives in the next build.
    assert.deepEqual(runMigrations(db, steps(1, 2, 4), 'test'), [1, 2, 4]);
    assert.equal(db.pragma('user_version', { simple: true }), 4);
    assert.deepEqual(runMigrations(db, steps(1, 2, 3, 4), 'test'), [3]);
    assert.deepEqual(appliedMigrationVersions(db), [1, 2, 3, 4]);
    assert.deepEqual(tables(db), ['t1', 't2', 't3', 't4']);
    assert.equal(db.pragma('user_version', { simple: true }), 4, 'user_version stays at the highest applied');
    assert.deepEqual(runMigrations(db, steps(1, 2, 3, 4), 'test'), [], 'nothing runs twice');
  });
});

test('a database from before the record counts the versions up to its user_version as applied', () => {
  withDatabase((db) => {
    // As the mirror's old runner left it: migrations 1 and 2 run, user_version 2, no record.
    db.exec('CREATE TABLE t1 (x); CREATE TABLE t2 (x)');
    db.pragma('user_version = 2');
    assert.deepEqual(runMigrations(db, steps(1, 2, 3), 'test'), [3]);
    assert.deepEqual(appliedMigrationVersions(db), [1, 2, 3]);
    assert.equal(db.pragma('user_version', { simple: true }), 3);
  });
});

test('a database written by a newer build is refused and left as it was', () => {
  withDatabase((db) => {
    runMigrations(db, steps(1, 2, 5), 'mirror');
    assert.throws(() => runMigrations(db, steps(1, 2, 3), 'mirror'), /mirror's schema \(version 5\) is newer than this app knows \(3\); update Chamber/);
    assert.deepEqual(tables(db), ['t1', 't2', 't5'], 'migration 3 did not run');
    assert.deepEqual(appliedMigrationVersions(db), [1, 2, 5]);
  });
  withDatabase((db) => {
    // The same for a mirror from before the record.
    db.pragma('user_version = 9');
    assert.throws(() => runMigrations(db, steps(1, 2), 'mirror'), /version 9\) is newer than this app knows \(2\)/);
    assert.deepEqual(tables(db), []);
  });
});

test('a failing migration is rolled back with its record; the ones before it stay', () => {
  withDatabase((db) => {
    const broken: Migration = { version: 3, name: 'broken', up: (d) => d.exec('CREATE TABLE t3 (x); SELECT * FROM no_such_table') };
    assert.throws(() => runMigrations(db, [...steps(1, 2), broken], 'test'), /no such table/);
    assert.deepEqual(appliedMigrationVersions(db), [1, 2]);
    assert.deepEqual(tables(db), ['t1', 't2']);
    assert.equal(db.pragma('user_version', { simple: true }), 2);
  });
});

test('a mirror made by the old user_version-only runner at its newest version is upgraded in place, nothing re-run', () => {
  withDatabase((db) => {
    // Every mirror migration run the old way (no record), then a row written.
    for (const migration of mirrorMigrations) migration.up(db);
    db.pragma(`user_version = ${mirrorMigrations.at(-1)!.version}`);
    db.prepare("INSERT INTO committees (id, body_id, name) VALUES ('c1', 'b1', 'Planning')").run();
    // Adopting the version records them all without running any again.
    migrate(db, mirrorMigrations);
    assert.deepEqual(appliedMigrationVersions(db), mirrorMigrations.map((migration) => migration.version));
    assert.equal(db.prepare('SELECT COUNT(*) FROM committees').pluck().get(), 1);
  });
});
