import type { Migration } from '../migrate.ts';

/**
 * Every version of a document the feed has shown this mirror, kept after the
 * version is replaced (the feed then tombstones it and `documents` drops it),
 * so a member opening the new version can carry annotations forward from the
 * old one. Triggers keep it in step with `documents` without touching the sync
 * code: a version is recorded whenever a document row is written, and dropped
 * with its agenda item (deleted, purged on leaving a committee, or not sent
 * again on a resync), so nothing of a confidential item outlives the item.
 * The triggers upsert rather than `INSERT OR REPLACE`: inside a trigger, the
 * outer statement's conflict handling would override `OR REPLACE`.
 */
export const documentVersions: Migration = {
  version: 7,
  name: 'document-versions',
  up(db) {
    db.exec(`
      CREATE TABLE document_versions (
        document_id TEXT PRIMARY KEY,
        lineage_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        item_id TEXT NOT NULL,
        name TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX document_versions_by_lineage ON document_versions (lineage_id, version);
      CREATE INDEX document_versions_by_item ON document_versions (item_id);
      INSERT INTO document_versions (document_id, lineage_id, version, item_id, name)
        SELECT id, lineage_id, version, item_id, name FROM documents;
      CREATE TRIGGER document_versions_on_insert AFTER INSERT ON documents BEGIN
        INSERT INTO document_versions (document_id, lineage_id, version, item_id, name)
          VALUES (NEW.id, NEW.lineage_id, NEW.version, NEW.item_id, NEW.name)
          ON CONFLICT (document_id) DO UPDATE SET lineage_id = excluded.lineage_id, version = excluded.version,
            item_id = excluded.item_id, name = excluded.name;
      END;
      CREATE TRIGGER document_versions_on_update AFTER UPDATE ON documents BEGIN
        INSERT INTO document_versions (document_id, lineage_id, version, item_id, name)
          VALUES (NEW.id, NEW.lineage_id, NEW.version, NEW.item_id, NEW.name)
          ON CONFLICT (document_id) DO UPDATE SET lineage_id = excluded.lineage_id, version = excluded.version,
            item_id = excluded.item_id, name = excluded.name;
      END;
      CREATE TRIGGER document_versions_on_item_delete AFTER DELETE ON agenda_items BEGIN
        DELETE FROM document_versions WHERE item_id = OLD.id;
      END;
    `);
  },
};
