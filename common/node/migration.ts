import type { Database } from 'better-sqlite3';

/** One numbered schema step. Migrations only ever get appended; a shipped one is never edited. */
export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}

/**
 * Applies the migrations not yet recorded in `schema_migrations`, in version
 * order, each in one transaction with its record. Used by the council
 * database and by every member's mirror.
 *
 * Why a record of each migration rather than one version number: migrations
 * written side by side can land out of order (the mirror's 006 landed after
 * 007 was written), and a database already at version 7 would skip a 6 that
 * arrived later. `PRAGMA user_version` is still kept at the highest applied
 * version for tools that read it; databases made before the record (mirrors
 * tracked only `user_version`) count every version up to it as applied.
 *
 * A database recording a migration this build does not know was written by a
 * newer Chamber: it is refused, untouched, rather than run on a schema this
 * build does not understand. `label` names the database in that message.
 *
 * Returns the versions applied now.
 */
export function runMigrations(db: Database, migrations: readonly Migration[], label: string): number[] {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  const known = new Set(sorted.map((migration) => migration.version));
  const newestKnown = sorted.at(-1)?.version ?? 0;
  const legacyVersion = db.pragma('user_version', { simple: true }) as number;
  const hasRecord = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get() !== undefined;
  const recorded = hasRecord ? appliedMigrationVersions(db) : [];
  // Checked before anything is written, so a newer Chamber's database is left exactly as it was.
  if (legacyVersion > newestKnown || recorded.some((version) => !known.has(version))) {
    const newest = Math.max(legacyVersion, ...recorded);
    throw new Error(`The ${label}'s schema (version ${newest}) is newer than this app knows (${newestKnown}); update Chamber.`);
  }
  const record = () => db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at TEXT NOT NULL
    )`);
    if (recorded.length > 0 || legacyVersion === 0) return;
    for (const migration of sorted) {
      if (migration.version <= legacyVersion) record().run(migration.version, migration.name, 'before the migration record');
    }
  })();
  const done = new Set(appliedMigrationVersions(db));
  let highest = Math.max(legacyVersion, ...done);
  const newlyApplied: number[] = [];
  for (const migration of sorted) {
    if (done.has(migration.version)) continue;
    highest = Math.max(highest, migration.version);
    db.transaction(() => {
      migration.up(db);
      record().run(migration.version, migration.name, new Date().toISOString());
      db.pragma(`user_version = ${highest}`);
    })();
    newlyApplied.push(migration.version);
  }
  return newlyApplied;
}

export function appliedMigrationVersions(db: Database): number[] {
  return db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all() as number[];
}
