import Database from 'better-sqlite3';
import type { Database as SqliteDatabase } from 'better-sqlite3';
import { appliedMigrationVersions, runMigrations as runRecordedMigrations, type Migration } from '../../common/node/migration.ts';
import { allMigrations } from './migrations/index.ts';

export type Db = SqliteDatabase;

/**
 * Opens the council database. WAL lets readers run while a write commits;
 * synchronous=FULL because every table here holds something a council cannot
 * lose (publications, accounts, later votes and minutes).
 */
export function openDatabase(file: string, migrations: readonly Migration[] = allMigrations): Db {
  const db = new Database(file);
  configureWritingConnection(db);
  db.pragma('foreign_keys = ON');
  runMigrations(db, migrations);
  return db;
}

/** How long a connection waits for another's write lock before SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5000;

/**
 * Settings every connection that writes the council database needs (the main
 * one and the Yjs log writer's). secure_delete zeroes what a write frees, so a
 * secret vote's earlier counter values do not linger in a page's free space.
 */
export function configureWritingConnection(db: Db): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('secure_delete = ON');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  beginTransactionsImmediately(db);
}

/**
 * `db.transaction(fn)()` begins IMMEDIATE here: it takes the write lock at BEGIN, waiting up to
 * busy_timeout for another connection's write. A deferred transaction that reads and then writes
 * cannot wait: when the other connection (the Yjs log writer) committed after its first read,
 * SQLite answers SQLITE_BUSY at once ("database is locked") without calling the busy handler.
 */
function beginTransactionsImmediately(db: Db): void {
  const transaction = db.transaction.bind(db);
  // better-sqlite3 gives every variant the others as properties, so `.deferred()` stays available.
  db.transaction = ((fn: Parameters<Db['transaction']>[0]) => transaction(fn).immediate) as Db['transaction'];
}

/** Applies the council database's migrations not yet recorded (see `runMigrations` in common/node/migration.ts). */
export function runMigrations(db: Db, migrations: readonly Migration[] = allMigrations): number[] {
  return runRecordedMigrations(db, migrations, 'council database');
}

export { appliedMigrationVersions };
