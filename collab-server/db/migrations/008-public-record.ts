import type { Migration } from '../../../common/node/migration.ts';

/**
 * What the public side and open data (OParl) need of the record:
 * - `items.title_public`: a confidential item's title may be shown publicly when the clerk says so
 *   (the item itself stays "Exempt item" with its reason);
 * - `created_at` / `modified_at` on the published snapshot, committees, people and memberships, because
 *   OParl clients sync on `modified` (it must change on every edit, including an embedded object's);
 * - `public_tombstones`: what the public could see and no longer can, with the time it went, so open data
 *   lists it as `deleted: true` (OParl 1.1, "Gelöschte Objekte") instead of letting it vanish.
 *
 * Times are ISO-8601 UTC with milliseconds, like every other time this server writes.
 */
export const migration008: Migration = {
  version: 8,
  name: 'public-record',
  up(db) {
    const now = new Date().toISOString();
    db.exec(`
      ALTER TABLE items ADD COLUMN title_public INTEGER NOT NULL DEFAULT 0;

      ALTER TABLE published_entities ADD COLUMN created_at TEXT;
      ALTER TABLE published_entities ADD COLUMN modified_at TEXT;
      CREATE INDEX published_by_kind_modified ON published_entities(kind, modified_at);

      ALTER TABLE committees ADD COLUMN modified_at TEXT;
      ALTER TABLE users ADD COLUMN modified_at TEXT;
      ALTER TABLE memberships ADD COLUMN created_at TEXT;
      ALTER TABLE memberships ADD COLUMN modified_at TEXT;

      CREATE TABLE public_tombstones (
        kind TEXT NOT NULL CHECK (kind IN ('meeting','item','document','membership')),
        entity_id TEXT NOT NULL,
        meeting_id TEXT,
        committee_id TEXT,
        created_at TEXT NOT NULL,
        deleted_at TEXT NOT NULL,
        PRIMARY KEY (kind, entity_id)
      );
      CREATE INDEX public_tombstones_by_deleted ON public_tombstones(kind, deleted_at);

      -- Edits anywhere keep modified_at true without every writer remembering it.
      CREATE TRIGGER committees_modified AFTER UPDATE OF name ON committees BEGIN
        UPDATE committees SET modified_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = new.id;
      END;
      CREATE TRIGGER committees_created AFTER INSERT ON committees WHEN new.modified_at IS NULL BEGIN
        UPDATE committees SET modified_at = new.created_at WHERE id = new.id;
      END;
      CREATE TRIGGER users_modified AFTER UPDATE OF display_name ON users BEGIN
        UPDATE users SET modified_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = new.id;
      END;
      CREATE TRIGGER users_created AFTER INSERT ON users WHEN new.modified_at IS NULL BEGIN
        UPDATE users SET modified_at = new.created_at WHERE id = new.id;
      END;
      CREATE TRIGGER memberships_created AFTER INSERT ON memberships BEGIN
        UPDATE memberships SET created_at = COALESCE(new.created_at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
          modified_at = COALESCE(new.modified_at, new.created_at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
          WHERE committee_id = new.committee_id AND user_id = new.user_id;
        DELETE FROM public_tombstones WHERE kind = 'membership' AND entity_id = new.committee_id || ':' || new.user_id AND new.role IN ('chair','member');
      END;
      CREATE TRIGGER memberships_modified AFTER UPDATE OF role ON memberships BEGIN
        UPDATE memberships SET modified_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE committee_id = new.committee_id AND user_id = new.user_id;
      END;
      -- Only chairs' and members' memberships are public (PUBLIC_ROLES in public-record.ts): officers' never leave a public trace.
      CREATE TRIGGER memberships_left_public AFTER UPDATE OF role ON memberships
        WHEN old.role IN ('chair','member') AND new.role NOT IN ('chair','member') BEGIN
        INSERT OR REPLACE INTO public_tombstones (kind, entity_id, meeting_id, committee_id, created_at, deleted_at)
          VALUES ('membership', old.committee_id || ':' || old.user_id, NULL, old.committee_id,
                  COALESCE(old.created_at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
      END;
      CREATE TRIGGER memberships_back_in_public AFTER UPDATE OF role ON memberships WHEN new.role IN ('chair','member') BEGIN
        DELETE FROM public_tombstones WHERE kind = 'membership' AND entity_id = new.committee_id || ':' || new.user_id;
      END;
      CREATE TRIGGER memberships_deleted AFTER DELETE ON memberships WHEN old.role IN ('chair','member') BEGIN
        INSERT OR REPLACE INTO public_tombstones (kind, entity_id, meeting_id, committee_id, created_at, deleted_at)
          VALUES ('membership', old.committee_id || ':' || old.user_id, NULL, old.committee_id,
                  COALESCE(old.created_at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
      END;
    `);
    // Rows from before this migration: the best times the record has.
    db.prepare('UPDATE committees SET modified_at = created_at WHERE modified_at IS NULL').run();
    db.prepare('UPDATE users SET modified_at = created_at WHERE modified_at IS NULL').run();
    db.prepare('UPDATE memberships SET created_at = ?, modified_at = ? WHERE created_at IS NULL').run(now, now);
    db.prepare(
      `UPDATE published_entities SET created_at = COALESCE((SELECT created_at FROM meetings WHERE meetings.id = published_entities.meeting_id), ?)
       WHERE created_at IS NULL`,
    ).run(now);
    db.prepare('UPDATE published_entities SET modified_at = created_at WHERE modified_at IS NULL').run();
  },
};
