import type { Migration } from '../../../common/node/migration.ts';

/** Council data, accounts, sessions, documents, the published snapshot and the change feed. */
export const migration001: Migration = {
  version: 1,
  name: 'council-data',
  up(db) {
    db.exec(`
      CREATE TABLE bodies (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE
      );
      CREATE TABLE committees (
        id TEXT PRIMARY KEY,
        body_id TEXT NOT NULL REFERENCES bodies(id),
        name TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (body_id, name)
      );
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL UNIQUE COLLATE NOCASE,
        display_name TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        is_admin INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
      );
      CREATE TABLE sessions (
        token_sha256 TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        last_used_at TEXT NOT NULL,
        absolute_expires_at TEXT NOT NULL
      );
      CREATE INDEX sessions_by_user ON sessions(user_id);
      CREATE TABLE memberships (
        committee_id TEXT NOT NULL REFERENCES committees(id),
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('clerk','chair','member','minute-taker','observer')),
        PRIMARY KEY (committee_id, user_id)
      );
      CREATE INDEX memberships_by_user ON memberships(user_id);
      CREATE TABLE meetings (
        id TEXT PRIMARY KEY,
        committee_id TEXT NOT NULL REFERENCES committees(id),
        title TEXT NOT NULL,
        starts_at TEXT NOT NULL,
        ends_at TEXT,
        venue TEXT,
        state TEXT NOT NULL DEFAULT 'draft',
        published_version INTEGER NOT NULL DEFAULT 0,
        change_note TEXT,
        created_at TEXT NOT NULL
      );
      CREATE TABLE items (
        id TEXT PRIMARY KEY,
        meeting_id TEXT NOT NULL REFERENCES meetings(id),
        parent_item_id TEXT REFERENCES items(id),
        position INTEGER NOT NULL,
        number TEXT NOT NULL,
        title TEXT NOT NULL,
        confidential INTEGER NOT NULL DEFAULT 0,
        confidential_reason TEXT,
        deleted_at TEXT
      );
      CREATE INDEX items_by_meeting ON items(meeting_id);
      CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        item_id TEXT NOT NULL REFERENCES items(id),
        lineage_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        size INTEGER NOT NULL,
        page_count INTEGER NOT NULL,
        has_text INTEGER NOT NULL,
        uploaded_by TEXT REFERENCES users(id),
        created_at TEXT NOT NULL,
        UNIQUE (lineage_id, version)
      );
      CREATE INDEX documents_by_item ON documents(item_id);
      CREATE INDEX documents_by_sha256 ON documents(sha256);
      -- Text per page for search; keyed by content so identical files share it.
      CREATE TABLE document_pages (
        sha256 TEXT NOT NULL,
        page_number INTEGER NOT NULL,
        text TEXT NOT NULL,
        PRIMARY KEY (sha256, page_number)
      );
      -- What mirrors were last told about each meeting/item/document: publishing diffs against it,
      -- and non-clerks read meetings from it (they never see unpublished edits).
      CREATE TABLE published_entities (
        kind TEXT NOT NULL CHECK (kind IN ('meeting','item','document')),
        entity_id TEXT NOT NULL,
        meeting_id TEXT NOT NULL,
        committee_id TEXT NOT NULL,
        confidential INTEGER NOT NULL,
        sha256 TEXT,
        payload TEXT NOT NULL,
        PRIMARY KEY (kind, entity_id)
      );
      CREATE INDEX published_by_meeting ON published_entities(meeting_id);
      CREATE INDEX published_by_sha256 ON published_entities(sha256);
      -- The change feed. Rows with user_id reach only that user; confidential rows only members of committee_id.
      CREATE TABLE changes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        op TEXT NOT NULL,
        entity_id TEXT,
        committee_id TEXT,
        confidential INTEGER NOT NULL DEFAULT 0,
        user_id TEXT,
        payload TEXT,
        created_at TEXT NOT NULL
      );
      CREATE INDEX changes_by_user ON changes(user_id, seq);
    `);
  },
};
