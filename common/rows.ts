/**
 * SQLite row shapes shared by the server's database and the desktop mirror,
 * and their mapping to the wire types. Both stores keep council data in the
 * same snake_case columns (booleans as 0/1) so one mapping serves both.
 */
import type { AgendaDocument, AgendaItem, Committee, DocumentKind, Meeting, MeetingState } from './wire.ts';

export interface CommitteeRow {
  id: string;
  body_id: string;
  name: string;
}

export interface MeetingRow {
  id: string;
  committee_id: string;
  title: string;
  starts_at: string;
  ends_at: string | null;
  venue: string | null;
  state: string;
  published_version: number;
  change_note: string | null;
}

export interface ItemRow {
  id: string;
  meeting_id: string;
  parent_item_id: string | null;
  position: number;
  number: string;
  title: string;
  confidential: number;
  confidential_reason: string | null;
  /** The server's column; the mirror does not keep it (members see the title anyway). */
  title_public?: number;
}

export interface DocumentRow {
  id: string;
  /** Null for a document of the whole meeting (migration 010 on the server, 008 in the mirror). */
  item_id: string | null;
  meeting_id: string;
  /** 1 for a meeting-level document only the committee receives; always 0 for an item's paper. */
  committee_only: number;
  lineage_id: string;
  version: number;
  kind: string;
  name: string;
  sha256: string;
  size: number;
  page_count: number;
  has_text: number;
  created_at: string;
}

export const toCommittee = (row: CommitteeRow): Committee => ({ id: row.id, bodyId: row.body_id, name: row.name });

export const toMeeting = (row: MeetingRow): Meeting => ({
  id: row.id,
  committeeId: row.committee_id,
  title: row.title,
  startsAt: row.starts_at,
  endsAt: row.ends_at,
  venue: row.venue,
  // Both stores write only values the wire schema validated.
  state: row.state as MeetingState,
  publishedVersion: row.published_version,
  changeNote: row.change_note,
});

export const toItem = (row: ItemRow): AgendaItem => ({
  id: row.id,
  meetingId: row.meeting_id,
  parentItemId: row.parent_item_id,
  position: row.position,
  number: row.number,
  title: row.title,
  confidential: row.confidential === 1,
  confidentialReason: row.confidential_reason,
  titlePublic: row.title_public === 1,
});

export const toDocument = (row: DocumentRow): AgendaDocument => ({
  id: row.id,
  itemId: row.item_id,
  // Only a meeting-level document says its meeting and audience: papers' payloads stay as they were.
  ...(row.item_id === null ? { meetingId: row.meeting_id, committeeOnly: row.committee_only === 1 } : {}),
  lineageId: row.lineage_id,
  version: row.version,
  kind: row.kind as DocumentKind,
  name: row.name,
  sha256: row.sha256,
  size: row.size,
  pageCount: row.page_count,
  hasText: row.has_text === 1,
  createdAt: row.created_at,
});
