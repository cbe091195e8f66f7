import type { Migration } from '../../../common/node/migration.ts';

/**
 * Two more committee roles (issue #18):
 * - `substitute`: a councillor who stands in for a member. Named publicly with the committee like its
 *   chair and members (PUBLIC_ROLES in public/public-record.ts), receives its papers, and votes only
 *   while the clerk has marked them present in place of an absent member (store/session.ts);
 * - `officer`: staff who receive the committee's papers, confidential ones included, and never vote;
 *   not named publicly.
 *
 * SQLite cannot change a CHECK constraint, so `memberships` is rebuilt with its rows, index and
 * triggers; then migration 008's public-trace triggers, whose role lists are fixed SQL, are written
 * again with the public roles now including substitutes.
 */
export const migration011: Migration = {
  version: 11,
  name: 'substitutes-and-officers',
  up(db) {
    widenMembershipRoles(db);
    db.exec(`
      DROP TRIGGER memberships_created;
      DROP TRIGGER memberships_left_public;
      DROP TRIGGER memberships_back_in_public;
      DROP TRIGGER memberships_deleted;
      CREATE TRIGGER memberships_created AFTER INSERT ON memberships BEGIN
        UPDATE memberships SET created_at = COALESCE(new.created_at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
          modified_at = COALESCE(new.modified_at, new.created_at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
          WHERE committee_id = new.committee_id AND user_id = new.user_id;
        DELETE FROM public_tombstones WHERE kind = 'membership' AND entity_id = new.committee_id || ':' || new.user_id
          AND new.role IN (${publicRoles});
      END;
      -- Only public roles' memberships are public (PUBLIC_ROLES in public-record.ts): officers' never leave a public trace.
      CREATE TRIGGER memberships_left_public AFTER UPDATE OF role ON memberships
        WHEN old.role IN (${publicRoles}) AND new.role NOT IN (${publicRoles}) BEGIN
        INSERT OR REPLACE INTO public_tombstones (kind, entity_id, meeting_id, committee_id, created_at, deleted_at)
          VALUES ('membership', old.committee_id || ':' || old.user_id, NULL, old.committee_id,
                  COALESCE(old.created_at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
      END;
      CREATE TRIGGER memberships_back_in_public AFTER UPDATE OF role ON memberships WHEN new.role IN (${publicRoles}) BEGIN
        DELETE FROM public_tombstones WHERE kind = 'membership' AND entity_id = new.committee_id || ':' || new.user_id;
      END;
      CREATE TRIGGER memberships_deleted AFTER DELETE ON memberships WHEN old.role IN (${publicRoles}) BEGIN
        INSERT OR REPLACE INTO public_tombstones (kind, entity_id, meeting_id, committee_id, created_at, deleted_at)
          VALUES ('membership', old.committee_id || ':' || old.user_id, NULL, old.committee_id,
                  COALESCE(old.created_at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
      END;
    `);
  },
};

/** The roles named publicly, as fixed SQL (a migration never changes after it ships, so it does not import PUBLIC_ROLES). */
const publicRoles = "'chair','member','substitute'";

const oldRoles = "CHECK (role IN ('clerk','chair','member','minute-taker','observer'))";
const newRoles = "CHECK (role IN ('clerk','chair','member','minute-taker','observer','substitute','officer'))";

/** Rebuilds `memberships` with the wider CHECK, keeping its rows and re-creating its indexes and triggers as they were. */
function widenMembershipRoles(db: Parameters<Migration['up']>[0]): void {
  const table = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'memberships'").pluck().get() as string;
  if (!table.includes(oldRoles)) throw new Error(`memberships has a role constraint this migration does not know: ${table}`);
  const dependents = db
    .prepare("SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'memberships' AND type IN ('index', 'trigger') AND sql IS NOT NULL")
    .all() as { type: 'index' | 'trigger'; name: string; sql: string }[];
  const columns = (db.prepare('PRAGMA table_info(memberships)').all() as { name: string }[]).map((column) => `"${column.name}"`).join(', ');
  // Triggers first, so that nothing fires while the rows move.
  for (const dependent of dependents) db.exec(`DROP ${dependent.type.toUpperCase()} "${dependent.name}"`);
  db.exec(table.replace(oldRoles, newRoles).replace(/^CREATE TABLE\s+"?memberships"?/, 'CREATE TABLE memberships_widened'));
  db.exec(`INSERT INTO memberships_widened (${columns}) SELECT ${columns} FROM memberships`);
  db.exec('DROP TABLE memberships');
  db.exec('ALTER TABLE memberships_widened RENAME TO memberships');
  for (const dependent of dependents) db.exec(dependent.sql);
}
