import type { Migration } from '../migrate.ts';

/**
 * Local replicas of shared Yjs documents (annotations, minutes), stored the way
 * AFFiNE's nbstore keeps docs: every update is appended to a log in its own
 * small transaction (cheap, crash-safe), and the log is now and then merged
 * into one snapshot per document. Loading a replica = snapshot + log.
 */
export const yjsReplicas: Migration = {
  version: 4,
  name: 'yjs-replicas',
  up(db) {
    db.exec(`
      CREATE TABLE yjs_updates (
        id INTEGER PRIMARY KEY,
        doc_name TEXT NOT NULL,
        "update" BLOB NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX yjs_updates_by_doc ON yjs_updates (doc_name, id);
      CREATE TABLE yjs_snapshots (
        doc_name TEXT PRIMARY KEY,
        state BLOB NOT NULL,
        updated_at TEXT NOT NULL
      ) WITHOUT ROWID;
    `);
  },
};
