import type { Migration } from '../migrate.ts';

/** The mirror's first schema: the council data the user may see, sync progress and the document cache state. */
export const initialSchema: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE committees (
        id TEXT PRIMARY KEY,
        body_id TEXT NOT NULL,
        name TEXT NOT NULL
      );
      CREATE TABLE memberships (
        committee_id TEXT PRIMARY KEY,
        role TEXT NOT NULL
      );
      CREATE TABLE meetings (
        id TEXT PRIMARY KEY,
        committee_id TEXT NOT NULL,
        title TEXT NOT NULL,
        starts_at TEXT NOT NULL,
        ends_at TEXT,
        venue TEXT,
        state TEXT NOT NULL,
        published_version INTEGER NOT NULL,
        change_note TEXT
      );
      CREATE INDEX meetings_by_committee ON meetings (committee_id);
      CREATE INDEX meetings_by_start ON meetings (starts_at);
      CREATE TABLE agenda_items (
        id TEXT PRIMARY KEY,
        meeting_id TEXT NOT NULL,
        parent_item_id TEXT,
        position INTEGER NOT NULL,
        number TEXT NOT NULL,
        title TEXT NOT NULL,
        confidential INTEGER NOT NULL,
        confidential_reason TEXT
      );
      CREATE INDEX agenda_items_by_meeting ON agenda_items (meeting_id);
      CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        item_id TEXT NOT NULL,
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
      CREATE INDEX documents_by_item ON documents (item_id);
      CREATE INDEX documents_by_sha ON documents (sha256);
      -- Files in documents/ whose SHA-256 was verified before they were renamed into place.
      CREATE TABLE cached_files (
        sha256 TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        verified_at TEXT NOT NULL
      );
      CREATE TABLE sync_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        last_seq INTEGER NOT NULL,
        last_synced_at TEXT,
        -- The highest 'resync' entry already acted on: catching up from 0 meets it again and must not loop.
        handled_resync_seq INTEGER NOT NULL DEFAULT 0,
        -- 1 while a resync catch-up is under way; rows not re-sent by its end are removed.
        resync_in_progress INTEGER NOT NULL DEFAULT 0,
        user_profile TEXT
      );
      INSERT INTO sync_state (id, last_seq) VALUES (1, 0);
      -- Entities re-sent during a resync catch-up (kind, id).
      CREATE TABLE resync_seen (
        kind TEXT NOT NULL,
        id TEXT NOT NULL,
        PRIMARY KEY (kind, id)
      ) WITHOUT ROWID;
    `);
  },
};
