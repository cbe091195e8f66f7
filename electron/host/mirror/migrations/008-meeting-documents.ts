import type { Migration } from '../migrate.ts';

/**
 * Documents of a whole meeting (its published minutes, issue #17): `documents.meeting_id` on every
 * document (an item's paper carries its item's meeting, so meeting queries need not go through
 * agenda items), `item_id` NULL for a meeting's own document, and `committee_only` for one only the
 * committee's members receive (dropped with the committee's confidential material on a purge).
 * SQLite cannot drop a NOT NULL, so `documents` is rebuilt (rowids kept) with its triggers, and
 * `document_versions` lets `item_id` be NULL too.
 */
export const meetingDocuments: Migration = {
  version: 8,
  name: 'meeting-documents',
  up(db) {
    db.exec(`
      CREATE TABLE documents_with_meeting (
        id TEXT PRIMARY KEY,
        item_id TEXT,
        meeting_id TEXT NOT NULL,
        committee_only INTEGER NOT NULL DEFAULT 0,
        lineage_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        size INTEGER NOT NULL,
        page_count INTEGER NOT NULL,
        has_text INTEGER NOT NULL,
        created_at TEXT NOT NULL
      );
      INSERT INTO documents_with_meeting (rowid, id, item_id, meeting_id, committee_only, lineage_id, version, kind, name, sha256, size, page_count,
                                          has_text, created_at)
        SELECT d.rowid, d.id, d.item_id, a.meeting_id, 0, d.lineage_id, d.version, d.kind, d.name, d.sha256, d.size, d.page_count, d.has_text, d.created_at
        FROM documents d JOIN agenda_items a ON a.id = d.item_id ORDER BY d.rowid;
      DROP TABLE documents;
      ALTER TABLE documents_with_meeting RENAME TO documents;
      CREATE INDEX documents_by_item ON documents (item_id);
      CREATE INDEX documents_by_meeting ON documents (meeting_id);
      CREATE INDEX documents_by_sha ON documents (sha256);
      CREATE INDEX documents_by_lineage ON documents (lineage_id, version);
      -- As migration 003: a document's text goes with its row or its file.
      CREATE TRIGGER documents_drop_text AFTER DELETE ON documents BEGIN
        DELETE FROM document_pages_fts WHERE document_id = old.id;
        DELETE FROM document_text_state WHERE document_id = old.id;
      END;
      CREATE TRIGGER documents_replace_text AFTER UPDATE OF sha256 ON documents WHEN old.sha256 IS NOT new.sha256 BEGIN
        DELETE FROM document_pages_fts WHERE document_id = old.id;
        DELETE FROM document_text_state WHERE document_id = old.id;
      END;

      DROP TRIGGER document_versions_on_item_delete;
      CREATE TABLE document_versions_with_meeting (
        document_id TEXT PRIMARY KEY,
        lineage_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        item_id TEXT,
        name TEXT NOT NULL
      ) WITHOUT ROWID;
      INSERT INTO document_versions_with_meeting SELECT document_id, lineage_id, version, item_id, name FROM document_versions;
      DROP TABLE document_versions;
      ALTER TABLE document_versions_with_meeting RENAME TO document_versions;
      CREATE INDEX document_versions_by_lineage ON document_versions (lineage_id, version);
      CREATE INDEX document_versions_by_item ON document_versions (item_id);
      -- As migration 007: every version the feed showed is recorded, and goes with its item.
      CREATE TRIGGER document_versions_on_item_delete AFTER DELETE ON agenda_items BEGIN
        DELETE FROM document_versions WHERE item_id = OLD.id;
      END;
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
    `);
  },
};
