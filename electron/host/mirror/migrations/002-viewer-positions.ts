import type { Migration } from '../migrate.ts';

/** Where the user left each document (page and zoom), so reopening or restarting lands there again. */
export const viewerPositions: Migration = {
  version: 2,
  name: 'viewer-positions',
  up(db) {
    db.exec(`
      CREATE TABLE viewer_positions (
        document_id TEXT PRIMARY KEY,
        page INTEGER NOT NULL,
        -- 'fit-width', 'fit-page', or a fixed scale written as a number.
        zoom TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) WITHOUT ROWID;
    `);
  },
};
