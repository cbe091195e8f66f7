/**
 * Earlier versions of a document, from the lineage rows the mirror keeps
 * (migration 007): what carrying annotations forward starts from.
 */
import type { Database } from 'better-sqlite3';
import type { DocumentVersion } from '../../../common/bridge.ts';

export class DocumentVersions {
  constructor(private readonly db: Database) {}

  /** Versions of the document's lineage older than it, newest first (empty if it has none or is unknown). */
  previous(documentId: string): DocumentVersion[] {
    const rows = this.db
      .prepare(
        `SELECT v.document_id AS documentId, v.version, v.name FROM document_versions v
         JOIN document_versions current ON current.lineage_id = v.lineage_id
         WHERE current.document_id = ? AND v.version < current.version
         ORDER BY v.version DESC`,
      )
      .all(documentId) as DocumentVersion[];
    return rows;
  }
}
