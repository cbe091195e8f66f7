import type { Migration } from '../migrate.ts';

/**
 * What the member has seen of each meeting (issue #18), so the app can say
 * "new meeting", "changed meeting" and, per meeting, what changed since they
 * last looked (meeting-notices.ts):
 * - `meeting_notices`: the published version this mirror first received and
 *   the one the member last looked at (NULL: never opened);
 * - `meeting_changes`: items and papers added or replaced by a publication
 *   after the first, each with that publication's change note, marked until
 *   the member opens it. Triggers drop them with their item, document or
 *   meeting (deleted, purged, or not sent again on a resync).
 * Meetings already in the mirror count as seen.
 */
export const meetingNotices: Migration = {
  version: 9,
  name: 'meeting-notices',
  up(db) {
    db.exec(`
      CREATE TABLE meeting_notices (
        meeting_id TEXT PRIMARY KEY,
        first_version INTEGER NOT NULL,
        seen_version INTEGER
      ) WITHOUT ROWID;
      INSERT INTO meeting_notices (meeting_id, first_version, seen_version) SELECT id, published_version, published_version FROM meetings;

      CREATE TABLE meeting_changes (
        entity_kind TEXT NOT NULL CHECK (entity_kind IN ('item', 'document')),
        entity_id TEXT NOT NULL,
        meeting_id TEXT NOT NULL,
        change TEXT NOT NULL CHECK (change IN ('added', 'replaced')),
        published_version INTEGER NOT NULL,
        change_note TEXT,
        recorded_at TEXT NOT NULL,
        opened_at TEXT,
        PRIMARY KEY (entity_kind, entity_id)
      ) WITHOUT ROWID;
      CREATE INDEX meeting_changes_by_meeting ON meeting_changes (meeting_id);

      CREATE TRIGGER meeting_changes_on_item_delete AFTER DELETE ON agenda_items BEGIN
        DELETE FROM meeting_changes WHERE entity_kind = 'item' AND entity_id = OLD.id;
      END;
      CREATE TRIGGER meeting_changes_on_document_delete AFTER DELETE ON documents BEGIN
        DELETE FROM meeting_changes WHERE entity_kind = 'document' AND entity_id = OLD.id;
      END;
      CREATE TRIGGER meeting_notices_on_meeting_delete AFTER DELETE ON meetings BEGIN
        DELETE FROM meeting_changes WHERE meeting_id = OLD.id;
        DELETE FROM meeting_notices WHERE meeting_id = OLD.id;
      END;
    `);
  },
};
