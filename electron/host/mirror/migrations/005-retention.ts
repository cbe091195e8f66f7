import type { Migration } from '../migrate.ts';

/**
 * (Also an index for the current-version check, which search runs per hit.)
 * How long the document cache keeps past meetings' files (null: all), and when the user last opened each file,
 * so eviction spares what they are reading and an evicted file opened again is downloaded again.
 */
export const retention: Migration = {
  version: 5,
  name: 'retention',
  up(db) {
    db.exec(`
      CREATE TABLE storage_settings (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        keep_past_months INTEGER CHECK (keep_past_months IS NULL OR keep_past_months > 0),
        keep_opened_days INTEGER NOT NULL CHECK (keep_opened_days >= 0)
      );
      INSERT INTO storage_settings (id, keep_past_months, keep_opened_days) VALUES (1, NULL, 14);
      CREATE TABLE file_opened (
        sha256 TEXT PRIMARY KEY,
        opened_at TEXT NOT NULL
      ) WITHOUT ROWID;
      -- "Is this the newest version of its lineage?" is asked per search hit and per agenda document.
      CREATE INDEX IF NOT EXISTS documents_by_lineage ON documents (lineage_id, version);
    `);
  },
};
