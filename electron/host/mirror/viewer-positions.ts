/**
 * The page and zoom each document was left at, in the account's mirror file:
 * per user by construction (one mirror per account), and it survives restarts.
 */
import type { Database } from 'better-sqlite3';
import { ViewerZoom, type ViewerPosition } from '../../../common/bridge.ts';

export class ViewerPositions {
  constructor(private readonly db: Database) {}

  get(documentId: string): ViewerPosition | null {
    const row = this.db.prepare('SELECT page, zoom FROM viewer_positions WHERE document_id = ?').get(documentId) as
      | { page: number; zoom: string }
      | undefined;
    if (!row) return null;
    // A row this version cannot read (hand-edited, or written by a newer app) counts as no position.
    const zoom = ViewerZoom.safeParse(row.zoom === 'fit-width' || row.zoom === 'fit-page' ? row.zoom : Number(row.zoom));
    return zoom.success ? { page: row.page, zoom: zoom.data } : null;
  }

  set(documentId: string, position: ViewerPosition, at: string): void {
    this.db
      .prepare(
        `INSERT INTO viewer_positions (document_id, page, zoom, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (document_id) DO UPDATE SET page = excluded.page, zoom = excluded.zoom, updated_at = excluded.updated_at`,
      )
      .run(documentId, position.page, String(position.zoom), at);
  }
}
