/**
 * Reads of what has been published, filtered for one viewer. Non-clerks only
 * ever see the published snapshot; a committee's clerk sees the working copy.
 */
import { AgendaDocument, AgendaItem, Meeting, type MeetingDetailResponse } from '../../common/wire.ts';
import type { Db } from '../db/database.ts';
import { notFound } from '../http/errors.ts';
import type { Viewer } from './accounts.ts';
import { agendaOrder, currentDocumentsOfMeeting, findMeeting, itemsOfMeeting, listMeetingsOfCommittees, requireCommittee } from './council.ts';
import { toCommittee, toDocument, toItem, toMeeting } from './rows.ts';

export const isClerkOf = (viewer: Viewer, committeeId: string) => viewer.roles.get(committeeId) === 'clerk';
export const isMemberOf = (viewer: Viewer, committeeId: string) => viewer.roles.has(committeeId);

interface SnapshotRow {
  kind: string;
  confidential: number;
  committee_id: string;
  payload: string;
}

function visibleSnapshot(db: Db, viewer: Viewer, where: string, ...params: unknown[]): SnapshotRow[] {
  const rows = db.prepare(`SELECT kind, confidential, committee_id, payload FROM published_entities WHERE ${where}`).all(...params) as SnapshotRow[];
  return rows.filter((row) => row.confidential === 0 || isMemberOf(viewer, row.committee_id));
}

/** Published meetings everyone may see, plus the working copies of committees the viewer clerks. */
export function meetingsVisibleTo(db: Db, viewer: Viewer): Meeting[] {
  const clerked = [...viewer.roles].filter(([, role]) => role === 'clerk').map(([committeeId]) => committeeId);
  const working = listMeetingsOfCommittees(db, clerked).map(toMeeting);
  const published = visibleSnapshot(db, viewer, "kind = 'meeting'")
    .map((row) => Meeting.parse(JSON.parse(row.payload)))
    .filter((meeting) => !clerked.includes(meeting.committeeId));
  return [...working, ...published].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
}

export function meetingDetailFor(db: Db, viewer: Viewer, meetingId: string): MeetingDetailResponse {
  const live = findMeeting(db, meetingId);
  if (live && isClerkOf(viewer, live.committee_id)) {
    return {
      meeting: toMeeting(live),
      committee: toCommittee(requireCommittee(db, live.committee_id)),
      items: itemsOfMeeting(db, meetingId).map(toItem),
      documents: currentDocumentsOfMeeting(db, meetingId).map(toDocument),
    };
  }
  const detail = snapshotDetail(db, visibleSnapshot(db, viewer, 'meeting_id = ?', meetingId));
  // An unpublished meeting is reported as missing, not forbidden: its existence is not public either.
  if (!detail) throw notFound('Meeting');
  return detail;
}

/** A meeting as last published, confidential items and papers included (as its committee sees it); undefined if never published. */
export function publishedMeetingDetail(db: Db, meetingId: string): MeetingDetailResponse | undefined {
  return snapshotDetail(db, db.prepare('SELECT kind, confidential, committee_id, payload FROM published_entities WHERE meeting_id = ?').all(meetingId) as SnapshotRow[]);
}

function snapshotDetail(db: Db, rows: SnapshotRow[]): MeetingDetailResponse | undefined {
  const meetingRow = rows.find((row) => row.kind === 'meeting');
  if (!meetingRow) return undefined;
  const meeting = Meeting.parse(JSON.parse(meetingRow.payload));
  const items = rows.filter((row) => row.kind === 'item').map((row) => AgendaItem.parse(JSON.parse(row.payload)));
  items.sort((a, b) => a.position - b.position);
  const ordered = agendaOrder(items.map((item) => ({ ...item, parent_item_id: item.parentItemId }))).map(
    ({ parent_item_id: _parent, ...item }) => item,
  );
  return {
    meeting,
    committee: toCommittee(requireCommittee(db, meeting.committeeId)),
    items: ordered,
    documents: rows.filter((row) => row.kind === 'document').map((row) => AgendaDocument.parse(JSON.parse(row.payload))),
  };
}

/** True when the viewer may read some document with this content hash. */
export function mayReadContent(db: Db, viewer: Viewer, sha256: string): boolean {
  if (visibleSnapshot(db, viewer, "kind = 'document' AND sha256 = ?", sha256).length > 0) return true;
  const committees = db
    .prepare('SELECT DISTINCT m.committee_id FROM documents d JOIN meetings m ON m.id = d.meeting_id WHERE d.sha256 = ?')
    .all(sha256) as { committee_id: string }[];
  return committees.some((row) => isClerkOf(viewer, row.committee_id));
}
