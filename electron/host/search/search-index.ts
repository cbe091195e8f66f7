/**
 * The mirror's full-text index of document pages (FTS5, migration 003):
 * which cached documents still need reading, storing their text, and
 * answering `search.query`. User input is plain text: every term is quoted,
 * so FTS5 syntax typed by a user is searched for, never interpreted.
 */
import type { Database } from 'better-sqlite3';
import type { SearchResults } from '../../../common/bridge.ts';

/** A cached, current document whose text is not indexed yet. */
export interface PendingDocument {
  documentId: string;
  sha256: string;
}

export type TextOutcome = { state: 'indexed' | 'no-text'; pages: string[] } | { state: 'failed' };

/** Only the newest version of each document lineage is searched (as the agenda shows). */
const CURRENT = 'NOT EXISTS (SELECT 1 FROM documents newer WHERE newer.lineage_id = d.lineage_id AND newer.version > d.version)';

/** Plain text → an FTS5 query of quoted terms (all must match); null when nothing searchable is left. */
export function toFtsQuery(text: string): string | null {
  const terms = text
    .split(/\s+/)
    .filter((term) => /[\p{L}\p{N}]/u.test(term))
    .map((term) => `"${term.replaceAll('"', '""')}"`);
  return terms.length > 0 ? terms.join(' ') : null;
}

export class SearchIndex {
  constructor(private readonly db: Database) {}

  pending(): PendingDocument[] {
    return this.db
      .prepare(
        `SELECT d.id AS documentId, d.sha256 AS sha256 FROM documents d
         JOIN cached_files cf ON cf.sha256 = d.sha256
         WHERE ${CURRENT} AND NOT EXISTS (SELECT 1 FROM document_text_state s WHERE s.document_id = d.id AND s.sha256 = d.sha256)
         ORDER BY d.created_at, d.id`,
      )
      .all() as PendingDocument[];
  }

  /** Stores one document's text, unless the document left the mirror or changed file meanwhile. */
  record(documentId: string, sha256: string, outcome: TextOutcome, at: string): void {
    this.db.transaction(() => {
      const current = this.db.prepare('SELECT 1 FROM documents WHERE id = ? AND sha256 = ?').get(documentId, sha256);
      if (!current) return;
      this.db.prepare('DELETE FROM document_pages_fts WHERE document_id = ?').run(documentId);
      if (outcome.state === 'indexed') {
        const insert = this.db.prepare('INSERT INTO document_pages_fts (document_id, page, text) VALUES (?, ?, ?)');
        outcome.pages.forEach((text, index) => {
          if (text.length > 0) insert.run(documentId, index + 1, text);
        });
      }
      this.db
        .prepare(
          `INSERT INTO document_text_state (document_id, sha256, text_state, indexed_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (document_id) DO UPDATE SET sha256 = excluded.sha256, text_state = excluded.text_state, indexed_at = excluded.indexed_at`,
        )
        .run(documentId, sha256, outcome.state, at);
    })();
  }

  query(text: string, limit: number): SearchResults {
    const fts = toFtsQuery(text);
    const hits = fts
      ? (this.db
          .prepare(
            `SELECT f.document_id AS documentId, d.name AS documentName, m.id AS meetingId, m.title AS meetingTitle,
               a.number AS itemNumber, a.title AS itemTitle, CAST(f.page AS INTEGER) AS page,
               snippet(document_pages_fts, 2, char(2), char(3), '…', 16) AS snippet,
               bm25(document_pages_fts) AS rank
             FROM document_pages_fts f
             JOIN documents d ON d.id = f.document_id
             JOIN agenda_items a ON a.id = d.item_id
             JOIN meetings m ON m.id = a.meeting_id
             WHERE document_pages_fts MATCH ? AND ${CURRENT}
             ORDER BY rank, m.starts_at DESC, d.id, page
             LIMIT ?`,
          )
          .all(fts, limit) as SearchResults['hits'])
      : [];
    const noTextDocuments = this.db
      .prepare(
        `SELECT d.id AS documentId, d.name AS documentName, m.id AS meetingId, m.title AS meetingTitle
         FROM document_text_state s
         JOIN documents d ON d.id = s.document_id
         JOIN agenda_items a ON a.id = d.item_id
         JOIN meetings m ON m.id = a.meeting_id
         WHERE s.text_state = 'no-text' AND ${CURRENT}
         ORDER BY m.starts_at DESC, d.name`,
      )
      .all() as SearchResults['noTextDocuments'];
    return { hits, noTextDocuments, pendingDocuments: this.pending().length };
  }
}
