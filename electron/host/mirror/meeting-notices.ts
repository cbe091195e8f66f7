/**
 * What the member has seen of each meeting (mirror migration 009), kept as the
 * sync engine applies the feed and read with the meetings:
 *
 * - a meeting arriving is `new` until the member opens it; published again
 *   since they last looked, it is `changed` (its change note says why);
 * - an item or paper that a later publication added, or a paper it replaced
 *   (another version of its lineage was seen before), is recorded with that
 *   publication's change note and stays marked until the member opens it.
 *
 * The feed sends a publication's meeting row before its items and papers, so
 * the meeting's version and change note are already the new ones when they
 * arrive. Nothing is recorded while the mirror fills for the first time or
 * replays a resync (`quiet`): those rows are not news. Notices are shown only
 * for meetings of committees the member belongs to, and not to their clerk,
 * who made the changes.
 */
import type { Database } from 'better-sqlite3';
import type { MeetingChange, MeetingNotice } from '../../../common/bridge.ts';
import type { AgendaDocument, AgendaItem, Meeting } from '../../../common/wire.ts';

/** SQL: the meeting's notice for this member, given `m` (meetings), `n` (meeting_notices) and `ms` (memberships) joined. */
export const noticeSql = `CASE WHEN ms.role IS NULL OR ms.role = 'clerk' THEN NULL
  WHEN n.seen_version IS NULL THEN 'new' WHEN n.seen_version < m.published_version THEN 'changed' ELSE NULL END`;

/** SQL: unopened changes of meeting `m` for this member (none for the committee's clerk, nor outside the committee). */
export const unopenedChangesSql = `CASE WHEN ms.role IS NULL OR ms.role = 'clerk' THEN 0
  ELSE (SELECT COUNT(*) FROM meeting_changes c WHERE c.meeting_id = m.id AND c.opened_at IS NULL) END`;

/** SQL joins for the two expressions above. */
export const noticeJoinsSql = `LEFT JOIN meeting_notices n ON n.meeting_id = m.id LEFT JOIN memberships ms ON ms.committee_id = m.committee_id`;

export class MeetingNotices {
  constructor(private readonly db: Database) {}

  /** Before a meeting row is written: a meeting this mirror has not had before is news, unless `quiet`. */
  meetingArriving(meeting: Meeting, quiet: boolean): void {
    this.db
      .prepare('INSERT INTO meeting_notices (meeting_id, first_version, seen_version) VALUES (?, ?, ?) ON CONFLICT (meeting_id) DO NOTHING')
      .run(meeting.id, meeting.publishedVersion, quiet ? meeting.publishedVersion : null);
  }

  /** Before an item row is written: an item a later publication added. */
  itemArriving(item: AgendaItem, quiet: boolean): void {
    if (quiet || this.db.prepare('SELECT 1 FROM agenda_items WHERE id = ?').get(item.id)) return;
    this.record('item', item.id, item.meetingId, 'added');
  }

  /** Before a document row is written: a paper a later publication added, or a new version of one seen before. */
  documentArriving(document: AgendaDocument, quiet: boolean): void {
    if (quiet || this.db.prepare('SELECT 1 FROM documents WHERE id = ?').get(document.id)) return;
    const meetingId =
      document.meetingId ?? (this.db.prepare('SELECT meeting_id FROM agenda_items WHERE id = ?').pluck().get(document.itemId) as string | undefined);
    if (!meetingId) return;
    const seenBefore = this.db.prepare('SELECT 1 FROM document_versions WHERE lineage_id = ? AND document_id <> ?').get(document.lineageId, document.id);
    this.record('document', document.id, meetingId, seenBefore ? 'replaced' : 'added');
  }

  /** Recorded only for a publication after the first this mirror received of the meeting. */
  private record(kind: MeetingChange['kind'], id: string, meetingId: string, change: MeetingChange['change']): void {
    this.db
      .prepare(
        `INSERT INTO meeting_changes (entity_kind, entity_id, meeting_id, change, published_version, change_note, recorded_at)
         SELECT ?, ?, m.id, ?, m.published_version, m.change_note, ? FROM meetings m JOIN meeting_notices n ON n.meeting_id = m.id
         WHERE m.id = ? AND m.published_version > n.first_version
         ON CONFLICT (entity_kind, entity_id) DO NOTHING`,
      )
      .run(kind, id, change, new Date().toISOString(), meetingId);
  }

  noticeOf(meetingId: string): MeetingNotice | null {
    const row = this.db.prepare(`SELECT ${noticeSql} AS notice FROM meetings m ${noticeJoinsSql} WHERE m.id = ?`).get(meetingId) as
      | { notice: MeetingNotice | null }
      | undefined;
    return row?.notice ?? null;
  }

  /** The meeting's changes not opened yet, newest publication first, then in agenda order (empty for its clerk and outsiders). */
  unopenedChanges(meetingId: string): MeetingChange[] {
    const rows = this.db
      .prepare(
        `SELECT c.entity_kind AS kind, c.entity_id AS id, c.change, c.change_note AS changeNote, c.published_version AS publishedVersion,
                COALESCE(d.name, i.title) AS name, COALESCE(d.item_id, i.id) AS itemId,
                (SELECT number FROM agenda_items WHERE id = COALESCE(d.item_id, i.id)) AS itemNumber
         FROM meeting_changes c
         JOIN meetings m ON m.id = c.meeting_id
         JOIN memberships ms ON ms.committee_id = m.committee_id AND ms.role <> 'clerk'
         LEFT JOIN documents d ON c.entity_kind = 'document' AND d.id = c.entity_id
         LEFT JOIN agenda_items i ON c.entity_kind = 'item' AND i.id = c.entity_id
         WHERE c.meeting_id = ? AND c.opened_at IS NULL AND COALESCE(d.id, i.id) IS NOT NULL
         ORDER BY c.published_version DESC, c.entity_kind DESC, c.recorded_at, c.entity_id`,
      )
      .all(meetingId) as MeetingChange[];
    return rows;
  }

  /** The member looked at the meeting as it is now; answers whether that changed anything. */
  markSeen(meetingId: string): boolean {
    return (
      this.db
        .prepare(
          `UPDATE meeting_notices SET seen_version = (SELECT published_version FROM meetings WHERE id = ?)
           WHERE meeting_id = ? AND seen_version IS NOT (SELECT published_version FROM meetings WHERE id = ?)`,
        )
        .run(meetingId, meetingId, meetingId).changes > 0
    );
  }

  /** The member opened these items or papers; answers whether any was still marked. */
  markOpened(meetingId: string, ids: readonly string[]): boolean {
    const mark = this.db.prepare('UPDATE meeting_changes SET opened_at = ? WHERE meeting_id = ? AND entity_id = ? AND opened_at IS NULL');
    const now = new Date().toISOString();
    return this.db.transaction(() => ids.reduce((changed, id) => mark.run(now, meetingId, id).changes > 0 || changed, false))();
  }
}
