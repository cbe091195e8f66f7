import type { Migration } from '../../../common/node/migration.ts';

/** Full-text index (FTS5) over the extracted page text, kept in step with document_pages by triggers. */
export const migration005: Migration = {
  version: 5,
  name: 'page-search',
  up(db) {
    db.exec(`
      CREATE VIRTUAL TABLE document_pages_fts USING fts5(text, content='document_pages', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2');
      CREATE TRIGGER document_pages_ai AFTER INSERT ON document_pages BEGIN
        INSERT INTO document_pages_fts (rowid, text) VALUES (new.rowid, new.text);
      END;
      CREATE TRIGGER document_pages_ad AFTER DELETE ON document_pages BEGIN
        INSERT INTO document_pages_fts (document_pages_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
      END;
      INSERT INTO document_pages_fts (rowid, text) SELECT rowid, text FROM document_pages;
    `);
  },
};
