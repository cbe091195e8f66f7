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
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  runMigrations(db, migrations);
  return db;
}

/** Applies the council database's migrations not yet recorded (see `runMigrations` in common/node/migration.ts). */
export function runMigrations(db: Db, migrations: readonly Migration[] = allMigrations): number[] {
  return runRecordedMigrations(db, migrations, 'council database');
}

export { appliedMigrationVersions };
