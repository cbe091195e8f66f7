import type { Migration } from '../../../common/node/migration.ts';

/**
 * Agenda packs as documents of the meeting (issue #18). The pack itself is a row of `documents`
 * (no item, kind 'pack'; the confidential pack `committee_only`); these tables say which pack it is
 * and which paper versions it holds, so that papers added or replaced after it go into the next
 * supplement pack and the main pack's page numbers never shift:
 * - `agenda_packs`: per pack document, its audience, its supplement number (NULL for the main pack)
 *   and the page labels it was numbered with (prefix, first number, page count);
 * - `agenda_pack_papers`: the paper versions inside it and the label of the page each starts on.
 */
export const migration012: Migration = {
  version: 12,
  name: 'agenda-packs',
  up(db) {
    db.exec(`
      CREATE TABLE agenda_packs (
        document_id TEXT PRIMARY KEY REFERENCES documents(id),
        meeting_id TEXT NOT NULL REFERENCES meetings(id),
        audience TEXT NOT NULL CHECK (audience IN ('public','confidential')),
        supplement INTEGER CHECK (supplement IS NULL OR supplement >= 1),
        label_prefix TEXT NOT NULL,
        label_start INTEGER NOT NULL CHECK (label_start >= 1),
        page_count INTEGER NOT NULL CHECK (page_count >= 1),
        created_by TEXT NOT NULL REFERENCES users(id),
        created_at TEXT NOT NULL
      );
      CREATE INDEX agenda_packs_by_meeting ON agenda_packs(meeting_id, audience);
      CREATE TABLE agenda_pack_papers (
        pack_document_id TEXT NOT NULL REFERENCES agenda_packs(document_id),
        paper_document_id TEXT NOT NULL REFERENCES documents(id),
        start_label TEXT NOT NULL,
        PRIMARY KEY (pack_document_id, paper_document_id)
      ) WITHOUT ROWID;
      CREATE INDEX agenda_pack_papers_by_paper ON agenda_pack_papers(paper_document_id);
    `);
  },
};
