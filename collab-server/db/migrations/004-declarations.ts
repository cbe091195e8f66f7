import type { Migration } from '../../../common/node/migration.ts';

/** Declarations of interest: one per member per agenda item, replaced when re-declared. */
export const migration004: Migration = {
  version: 4,
  name: 'declarations-of-interest',
  up(db) {
    db.exec(`
      CREATE TABLE declarations (
        item_id TEXT NOT NULL REFERENCES items(id),
        user_id TEXT NOT NULL REFERENCES users(id),
        kind TEXT NOT NULL CHECK (kind IN ('disclosable-pecuniary','other-registrable','non-registrable')),
        description TEXT NOT NULL,
        declared_at TEXT NOT NULL,
        PRIMARY KEY (item_id, user_id)
      );
    `);
  },
};
