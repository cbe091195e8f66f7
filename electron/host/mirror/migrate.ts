/**
 * The mirror's schema migrations, recorded one by one in `schema_migrations`
 * by the same runner as the council database (so a migration that lands out
 * of order still runs); mirrors from before the record are read from
 * `PRAGMA user_version`, which is still kept up to date.
 */
import type { Database } from 'better-sqlite3';
import { runMigrations, type Migration } from '../../../common/node/migration.ts';

export type { Migration };

export function migrate(db: Database, migrations: readonly Migration[]): void {
  runMigrations(db, migrations, 'mirror');
}
