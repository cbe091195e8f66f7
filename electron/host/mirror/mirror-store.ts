/**
 * The mirror: a local SQLite copy of everything this account may see on its
 * authority server. The sync engine writes it (one change page per
 * transaction); the bridge handlers read only from it, so the UI works offline.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Database as SqliteDatabase } from 'better-sqlite3';
import {
  UserProfile,
  type AgendaDocument,
  type AgendaItem,
  type Change,
  type ChangePage,
  type Committee,
  type Meeting,
} from '../../../common/wire.ts';
import type { AgendaItemWithDocuments, MeetingDetail, MeetingSummary, MirroredDocument } from '../../../common/bridge.ts';
import { openSqlite } from '../sqlite.ts';
import { migrate } from './migrate.ts';
import { MeetingNotices, noticeJoinsSql, noticeSql, unopenedChangesSql } from './meeting-notices.ts';
import { keptFileCondition, RetentionStore } from './retention.ts';
import { mirrorMigrations } from './migrations/index.ts';
import { agendaOrder, documentFromRow, itemFromRow, meetingFromRow, type DocumentRow, type ItemRow, type MeetingRow } from './rows.ts';

export interface SyncState {
  lastSeq: number;
  lastSyncedAt: string | null;
  handledResyncSeq: number;
  resyncInProgress: boolean;
}

export interface PageResult {
  /** Meetings whose rows changed (for `mirror.changed`). */
  meetingIds: Set<string>;
  /** True when the page carried a new `resync`: the caller must catch up again from seq 0. */
  restartFromZero: boolean;
}

/** A file the document cache should hold, with the earliest start of the meetings that use it. */
export interface WantedFile {
  sha256: string;
  size: number;
  firstStartsAt: string;
}

type EntityKind = 'committee' | 'meeting' | 'item' | 'document' | 'membership';

export class MirrorStore {
  readonly db: SqliteDatabase;
  readonly retention: RetentionStore;
  /** New and changed meetings, and what changed since the member last looked. */
  readonly notices: MeetingNotices;

  constructor(readonly filePath: string) {
    mkdirSync(path.dirname(filePath), { recursive: true, mode: 0o700 });
    // openSqlite picks the Electron-ABI binding when running inside Electron.
    this.db = openSqlite(filePath);
    this.db.pragma('journal_mode = WAL');
    // FULL: a page and its last_seq must survive a power cut together.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    migrate(this.db, mirrorMigrations);
    this.retention = new RetentionStore(this.db);
    this.notices = new MeetingNotices(this.db);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  // ------------------------------------------------------------ sync state

  syncState(): SyncState {
    const row = this.db
      .prepare('SELECT last_seq, last_synced_at, handled_resync_seq, resync_in_progress FROM sync_state WHERE id = 1')
      .get() as { last_seq: number; last_synced_at: string | null; handled_resync_seq: number; resync_in_progress: number };
    return {
      lastSeq: row.last_seq,
      lastSyncedAt: row.last_synced_at,
      handledResyncSeq: row.handled_resync_seq,
      resyncInProgress: row.resync_in_progress === 1,
    };
  }

  markSynced(at: string): void {
    this.db.prepare('UPDATE sync_state SET last_synced_at = ? WHERE id = 1').run(at);
  }

  userProfile(): UserProfile | null {
    const row = this.db.prepare('SELECT user_profile FROM sync_state WHERE id = 1').get() as { user_profile: string | null };
    if (!row.user_profile) return null;
    const parsed = UserProfile.safeParse(JSON.parse(row.user_profile));
    return parsed.success ? parsed.data : null;
  }

  setUserProfile(profile: UserProfile): void {
    this.db.prepare('UPDATE sync_state SET user_profile = ? WHERE id = 1').run(JSON.stringify(profile));
  }

  // ------------------------------------------------------------ applying the feed

  /** Applies one page and its new position in ONE transaction: a page is never half-applied. */
  applyPage(page: ChangePage): PageResult {
    return this.db.transaction((): PageResult => {
      const state = this.syncState();
      const meetingIds = new Set<string>();
      // Filling the mirror for the first time, or replaying a resync: what arrives is not news to the member.
      const quiet = state.resyncInProgress || state.lastSyncedAt === null;
      let lastSeq = state.lastSeq;
      for (const change of page.changes) {
        if (change.seq <= lastSeq) continue; // already applied (a page may overlap after a retry)
        if (change.kind === 'mirror' && change.op === 'resync') {
          if (change.seq <= state.handledResyncSeq) {
            lastSeq = change.seq;
            continue;
          }
          this.db.prepare('DELETE FROM resync_seen').run();
          this.db
            .prepare('UPDATE sync_state SET last_seq = 0, handled_resync_seq = ?, resync_in_progress = 1 WHERE id = 1')
            .run(change.seq);
          for (const row of this.db.prepare('SELECT id FROM meetings').all() as { id: string }[]) meetingIds.add(row.id);
          return { meetingIds, restartFromZero: true };
        }
        this.applyChange(change, meetingIds, state.resyncInProgress, quiet);
        lastSeq = change.seq;
      }
      lastSeq = Math.max(lastSeq, page.nextSince);
      this.db.prepare('UPDATE sync_state SET last_seq = ? WHERE id = 1').run(lastSeq);
      return { meetingIds, restartFromZero: false };
    })();
  }

  /**
   * Ends a resync catch-up: rows the server did not send again are no longer
   * visible to this user, so they go. Returns the meetings affected.
   */
  finishResync(): Set<string> {
    return this.db.transaction((): Set<string> => {
      const meetingIds = new Set<string>();
      if (!this.syncState().resyncInProgress) return meetingIds;
      const notSeen = (table: string, kind: EntityKind, key = 'id'): string =>
        `SELECT ${key} FROM ${table} WHERE ${key} NOT IN (SELECT id FROM resync_seen WHERE kind = '${kind}')`;
      for (const row of this.db.prepare(notSeen('meetings', 'meeting')).all() as { id: string }[]) meetingIds.add(row.id);
      for (const row of this.db
        .prepare(`SELECT DISTINCT meeting_id AS id FROM agenda_items WHERE id IN (${notSeen('agenda_items', 'item')})`)
        .all() as { id: string }[]) {
        meetingIds.add(row.id);
      }
      for (const id of this.meetingsOfDocuments(this.db.prepare(notSeen('documents', 'document')).pluck().all() as string[])) {
        meetingIds.add(id);
      }
      this.db.prepare(`DELETE FROM documents WHERE id IN (${notSeen('documents', 'document')})`).run();
      this.db.prepare(`DELETE FROM agenda_items WHERE id IN (${notSeen('agenda_items', 'item')})`).run();
      this.db.prepare(`DELETE FROM meetings WHERE id IN (${notSeen('meetings', 'meeting')})`).run();
      this.db.prepare(`DELETE FROM committees WHERE id IN (${notSeen('committees', 'committee')})`).run();
      this.db
        .prepare(`DELETE FROM memberships WHERE committee_id IN (${notSeen('memberships', 'membership', 'committee_id')})`)
        .run();
      this.db.prepare('DELETE FROM resync_seen').run();
      this.db.prepare('UPDATE sync_state SET resync_in_progress = 0 WHERE id = 1').run();
      return meetingIds;
    })();
  }

  private applyChange(change: Change, meetingIds: Set<string>, recordSeen: boolean, quiet: boolean): void {
    if (change.op === 'upsert') {
      const id = change.kind === 'membership' ? change.data.committeeId : change.data.id;
      if (recordSeen) this.db.prepare('INSERT OR IGNORE INTO resync_seen (kind, id) VALUES (?, ?)').run(change.kind, id);
      switch (change.kind) {
        case 'committee':
          return this.upsertCommittee(change.data);
        case 'meeting':
          meetingIds.add(change.data.id);
          this.notices.meetingArriving(change.data, quiet);
          return this.upsertMeeting(change.data);
        case 'item':
          meetingIds.add(change.data.meetingId);
          this.notices.itemArriving(change.data, quiet);
          return this.upsertItem(change.data);
        case 'document':
          this.notices.documentArriving(change.data, quiet);
          this.upsertDocument(change.data);
          for (const meetingId of this.meetingsOfDocuments([change.data.id])) meetingIds.add(meetingId);
          return;
        case 'membership':
          this.db
            .prepare('INSERT INTO memberships (committee_id, role) VALUES (?, ?) ON CONFLICT (committee_id) DO UPDATE SET role = excluded.role')
            .run(change.data.committeeId, change.data.role);
          return;
      }
    }
    if (change.op === 'delete') {
      switch (change.kind) {
        case 'committee':
          return this.deleteCommittee(change.id, meetingIds);
        case 'meeting':
          return this.deleteMeetings([change.id], meetingIds);
        case 'item': {
          const meetingId = this.db.prepare('SELECT meeting_id FROM agenda_items WHERE id = ?').pluck().get(change.id) as string | undefined;
          if (meetingId) meetingIds.add(meetingId);
          return this.deleteItemTrees([change.id]);
        }
        case 'document':
          for (const meetingId of this.meetingsOfDocuments([change.id])) meetingIds.add(meetingId);
          this.db.prepare('DELETE FROM documents WHERE id = ?').run(change.id);
          return;
        case 'membership':
          this.db.prepare('DELETE FROM memberships WHERE committee_id = ?').run(change.id);
          return;
      }
    }
    if (change.op === 'purge') return this.purgeConfidential(change.id, meetingIds);
  }

  private upsertCommittee(c: Committee): void {
    this.db
      .prepare(
        `INSERT INTO committees (id, body_id, name) VALUES (@id, @bodyId, @name)
         ON CONFLICT (id) DO UPDATE SET body_id = excluded.body_id, name = excluded.name`,
      )
      .run(c);
  }

  private upsertMeeting(m: Meeting): void {
    this.db
      .prepare(
        `INSERT INTO meetings (id, committee_id, title, starts_at, ends_at, venue, state, published_version, change_note)
         VALUES (@id, @committeeId, @title, @startsAt, @endsAt, @venue, @state, @publishedVersion, @changeNote)
         ON CONFLICT (id) DO UPDATE SET committee_id = excluded.committee_id, title = excluded.title,
           starts_at = excluded.starts_at, ends_at = excluded.ends_at, venue = excluded.venue, state = excluded.state,
           published_version = excluded.published_version, change_note = excluded.change_note`,
      )
      .run(m);
  }

  private upsertItem(i: AgendaItem): void {
    this.db
      .prepare(
        `INSERT INTO agenda_items (id, meeting_id, parent_item_id, position, number, title, confidential, confidential_reason)
         VALUES (@id, @meetingId, @parentItemId, @position, @number, @title, @confidential, @confidentialReason)
         ON CONFLICT (id) DO UPDATE SET meeting_id = excluded.meeting_id, parent_item_id = excluded.parent_item_id,
           position = excluded.position, number = excluded.number, title = excluded.title,
           confidential = excluded.confidential, confidential_reason = excluded.confidential_reason`,
      )
      .run({ ...i, confidential: i.confidential ? 1 : 0 });
  }

  private upsertDocument(d: AgendaDocument): void {
    this.db
      .prepare(
        `INSERT INTO documents (id, item_id, meeting_id, committee_only, lineage_id, version, kind, name, sha256, size, page_count, has_text, created_at)
         VALUES (@id, @itemId, COALESCE(@meetingId, (SELECT meeting_id FROM agenda_items WHERE id = @itemId)), @committeeOnly, @lineageId, @version,
           @kind, @name, @sha256, @size, @pageCount, @hasText, @createdAt)
         ON CONFLICT (id) DO UPDATE SET item_id = excluded.item_id, meeting_id = excluded.meeting_id, committee_only = excluded.committee_only,
           lineage_id = excluded.lineage_id,
           version = excluded.version, kind = excluded.kind, name = excluded.name, sha256 = excluded.sha256,
           size = excluded.size, page_count = excluded.page_count, has_text = excluded.has_text, created_at = excluded.created_at`,
      )
      .run({ ...d, meetingId: d.meetingId ?? null, committeeOnly: d.committeeOnly ? 1 : 0, hasText: d.hasText ? 1 : 0 });
  }

  private meetingsOfDocuments(documentIds: string[]): string[] {
    const select = this.db.prepare(
      'SELECT meeting_id FROM documents WHERE id = ?',
    );
    return documentIds.map((id) => select.pluck().get(id) as string | undefined).filter((id): id is string => id !== undefined);
  }

  /** Deletes items and all their sub-items, with their documents. */
  private deleteItemTrees(rootIds: string[]): void {
    const tree = this.db.prepare(
      `WITH RECURSIVE tree(id) AS (SELECT ? UNION SELECT a.id FROM agenda_items a JOIN tree ON a.parent_item_id = tree.id)
       SELECT id FROM tree`,
    );
    const deleteDocuments = this.db.prepare('DELETE FROM documents WHERE item_id = ?');
    const deleteItem = this.db.prepare('DELETE FROM agenda_items WHERE id = ?');
    for (const rootId of rootIds) {
      for (const id of tree.pluck().all(rootId) as string[]) {
        deleteDocuments.run(id);
        deleteItem.run(id);
      }
    }
  }

  private deleteMeetings(ids: string[], meetingIds: Set<string>): void {
    for (const id of ids) {
      meetingIds.add(id);
      this.db.prepare('DELETE FROM documents WHERE meeting_id = ?').run(id);
      this.db.prepare('DELETE FROM agenda_items WHERE meeting_id = ?').run(id);
      this.db.prepare('DELETE FROM meetings WHERE id = ?').run(id);
    }
  }

  private deleteCommittee(id: string, meetingIds: Set<string>): void {
    this.deleteMeetings(this.db.prepare('SELECT id FROM meetings WHERE committee_id = ?').pluck().all(id) as string[], meetingIds);
    this.db.prepare('DELETE FROM memberships WHERE committee_id = ?').run(id);
    this.db.prepare('DELETE FROM committees WHERE id = ?').run(id);
  }

  /** Membership ended: drop the committee's confidential items (with sub-items and documents). */
  private purgeConfidential(committeeId: string, meetingIds: Set<string>): void {
    const rows = this.db
      .prepare(
        `SELECT a.id, a.meeting_id FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id
         WHERE m.committee_id = ? AND a.confidential = 1`,
      )
      .all(committeeId) as { id: string; meeting_id: string }[];
    for (const row of rows) meetingIds.add(row.meeting_id);
    this.deleteItemTrees(rows.map((row) => row.id));
    // And the meetings' own documents only the committee receives (their full minutes).
    const committeeOnly = this.db
      .prepare(
        `SELECT d.id, d.meeting_id FROM documents d JOIN meetings m ON m.id = d.meeting_id
         WHERE m.committee_id = ? AND d.item_id IS NULL AND d.committee_only = 1`,
      )
      .all(committeeId) as { id: string; meeting_id: string }[];
    for (const row of committeeOnly) {
      meetingIds.add(row.meeting_id);
      this.db.prepare('DELETE FROM documents WHERE id = ?').run(row.id);
    }
    this.db.prepare('DELETE FROM memberships WHERE committee_id = ?').run(committeeId);
  }

  // ------------------------------------------------------------ reads for the bridge

  listMeetings(): MeetingSummary[] {
    const rows = this.db
      .prepare(
        `SELECT m.*, c.body_id AS c_body_id, c.name AS c_name, ${noticeSql} AS notice, ${unopenedChangesSql} AS unopened_changes,
           (SELECT COUNT(*) FROM agenda_items a WHERE a.meeting_id = m.id) AS item_count,
           (SELECT COUNT(*) FROM documents d
              WHERE d.meeting_id = m.id AND NOT EXISTS (
                SELECT 1 FROM documents newer WHERE newer.lineage_id = d.lineage_id AND newer.version > d.version)) AS document_count
         FROM meetings m JOIN committees c ON c.id = m.committee_id ${noticeJoinsSql}
         ORDER BY m.starts_at, m.id`,
      )
      .all() as (MeetingRow & {
      c_body_id: string;
      c_name: string;
      item_count: number;
      document_count: number;
      notice: MeetingSummary['notice'];
      unopened_changes: number;
    })[];
    return rows.map((row) => ({
      meeting: meetingFromRow(row),
      committee: { id: row.committee_id, bodyId: row.c_body_id, name: row.c_name },
      itemCount: row.item_count,
      documentCount: row.document_count,
      notice: row.notice,
      unopenedChanges: row.unopened_changes,
    }));
  }

  getMeeting(meetingId: string): MeetingDetail | null {
    const meetingRow = this.db.prepare('SELECT * FROM meetings WHERE id = ?').get(meetingId) as MeetingRow | undefined;
    if (!meetingRow) return null;
    const committee = this.db.prepare('SELECT id, body_id AS bodyId, name FROM committees WHERE id = ?').get(meetingRow.committee_id) as
      | Committee
      | undefined;
    if (!committee) return null;
    const itemRows = this.db.prepare('SELECT * FROM agenda_items WHERE meeting_id = ?').all(meetingId) as ItemRow[];
    const documentRows = this.db
      .prepare(
        `SELECT d.*, (cf.sha256 IS NOT NULL) AS cached FROM documents d
         LEFT JOIN cached_files cf ON cf.sha256 = d.sha256
         WHERE d.meeting_id = ? AND NOT EXISTS (
           SELECT 1 FROM documents newer WHERE newer.lineage_id = d.lineage_id AND newer.version > d.version)
         ORDER BY d.created_at, d.id`,
      )
      .all(meetingId) as (DocumentRow & { cached: number })[];
    const documentsByItem = new Map<string | null, MirroredDocument[]>();
    for (const row of documentRows) {
      const list = documentsByItem.get(row.item_id) ?? [];
      list.push({ ...documentFromRow(row), cached: row.cached === 1 });
      documentsByItem.set(row.item_id, list);
    }
    const items: AgendaItemWithDocuments[] = agendaOrder(itemRows.map(itemFromRow)).map((item) => ({
      ...item,
      documents: documentsByItem.get(item.id) ?? [],
    }));
    return {
      meeting: meetingFromRow(meetingRow),
      committee,
      items,
      documents: documentsByItem.get(null) ?? [],
      notice: this.notices.noticeOf(meetingId),
      changes: this.notices.unopenedChanges(meetingId),
    };
  }

  findDocument(documentId: string): AgendaDocument | null {
    const row = this.db.prepare('SELECT * FROM documents WHERE id = ?').get(documentId) as DocumentRow | undefined;
    return row ? documentFromRow(row) : null;
  }

  // ------------------------------------------------------------ document cache state

  /**
   * Files referenced by the mirror, not cached yet, and kept by the retention rule (retention.ts): upcoming
   * meetings first (soonest first), then past ones (latest first).
   */
  wantedFiles(now: string): WantedFile[] {
    return this.db
      .prepare(
        `SELECT d.sha256 AS sha256, MAX(d.size) AS size, MIN(m.starts_at) AS firstStartsAt,
           MIN(CASE WHEN m.starts_at >= @now THEN m.starts_at END) AS nextStart,
           MAX(m.starts_at) AS lastStart
         FROM documents d JOIN meetings m ON m.id = d.meeting_id
         WHERE d.sha256 NOT IN (SELECT sha256 FROM cached_files) AND ${keptFileCondition('d.sha256')}
         GROUP BY d.sha256
         ORDER BY (nextStart IS NULL), nextStart, lastStart DESC, d.sha256`,
      )
      .all({ now, ...this.retention.params(new Date(now)) })
      .map((row) => {
        const r = row as { sha256: string; size: number; firstStartsAt: string };
        return { sha256: r.sha256, size: r.size, firstStartsAt: r.firstStartsAt };
      });
  }

  meetingsUsingFile(sha256: string): string[] {
    return this.db
      .prepare('SELECT DISTINCT meeting_id FROM documents WHERE sha256 = ?')
      .pluck()
      .all(sha256) as string[];
  }

  isReferenced(sha256: string): boolean {
    return this.db.prepare('SELECT 1 FROM documents WHERE sha256 = ? LIMIT 1').get(sha256) !== undefined;
  }

  isCached(sha256: string): boolean {
    return this.db.prepare('SELECT 1 FROM cached_files WHERE sha256 = ?').get(sha256) !== undefined;
  }

  markCached(sha256: string, size: number, at: string): void {
    this.db
      .prepare('INSERT INTO cached_files (sha256, size, verified_at) VALUES (?, ?, ?) ON CONFLICT (sha256) DO UPDATE SET size = excluded.size, verified_at = excluded.verified_at')
      .run(sha256, size, at);
  }

  unmarkCached(sha256: string): void {
    this.db.prepare('DELETE FROM cached_files WHERE sha256 = ?').run(sha256);
  }

  /** Cached files no document row refers to any more (after deletes, purges, resyncs). */
  unreferencedCachedFiles(): string[] {
    return this.db
      .prepare('SELECT sha256 FROM cached_files WHERE sha256 NOT IN (SELECT sha256 FROM documents)')
      .pluck()
      .all() as string[];
  }

  cachedFiles(): { sha256: string; size: number }[] {
    return this.db.prepare('SELECT sha256, size FROM cached_files').all() as { sha256: string; size: number }[];
  }

  cachedBytes(): number {
    return (this.db.prepare('SELECT COALESCE(SUM(size), 0) FROM cached_files').pluck().get() as number) ?? 0;
  }
}
