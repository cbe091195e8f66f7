import type { Migration } from '../migrate.ts';

/**
 * Full-text search over the mirrored papers: one FTS5 row per document page,
 * and per document whether its text was indexed, it has none (scans) or reading failed.
 * Triggers drop a document's text in the same transaction as its row (purge,
 * delete, resync) or when its file is replaced, so no text outlives access.
 */
export const searchIndex: Migration = {
  version: 3,
  name: 'search',
  up(db) {
    db.exec(`
      CREATE VIRTUAL TABLE document_pages_fts USING fts5(
        document_id UNINDEXED,
        page UNINDEXED,
        text,
        tokenize = 'unicode61 remove_diacritics 2'
      );
      CREATE TABLE document_text_state (
        document_id TEXT PRIMARY KEY,
        -- The file the text came from: a replaced file must be read again.
        sha256 TEXT NOT NULL,
        text_state TEXT NOT NULL CHECK (text_state IN ('indexed', 'no-text', 'failed')),
        indexed_at TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE TRIGGER documents_drop_text AFTER DELETE ON documents BEGIN
        DELETE FROM document_pages_fts WHERE document_id = old.id;
        DELETE FROM document_text_state WHERE document_id = old.id;
      END;
      CREATE TRIGGER documents_replace_text AFTER UPDATE OF sha256 ON documents WHEN old.sha256 IS NOT new.sha256 BEGIN
        DELETE FROM document_pages_fts WHERE document_id = old.id;
        DELETE FROM document_text_state WHERE document_id = old.id;
      END;
    `);
  },
};
