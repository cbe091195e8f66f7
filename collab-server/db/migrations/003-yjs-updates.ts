import type { Migration } from '../../../common/node/migration.ts';

/** Update log of the Yjs documents (annotations, minutes); compacted into one row per document now and then. */
export const migration003: Migration = {
  version: 3,
  name: 'yjs-updates',
  up(db) {
    db.exec(`
      CREATE TABLE yjs_updates (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        doc_name TEXT NOT NULL,
        update_data BLOB NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX yjs_updates_by_doc ON yjs_updates(doc_name, id);
    `);
  },
};
