/**
 * The public record: what a resident (or an open-data client) may see, read
 * only from what was published — never from a clerk's working copy — and
 * filtered here, once, so the public pages, public search, calendar feeds,
 * open data (OParl) and public file URLs cannot disagree about it.
 *
 * Rules:
 * - a meeting is public once published (cancelled ones stay, marked cancelled);
 * - a confidential (exempt) item is public only as "Exempt item" with its
 *   reason, and its title only when the clerk marked the title public; its
 *   papers, its votes and its minutes are never public;
 * - people are public as members of committees in a public role (see
 *   PUBLIC_ROLES); officers' accounts are not;
 * - vote results are public for public items of public meetings.
 */
import { AgendaDocument, AgendaItem, Meeting, type CommitteeRole, VoteResult } from '../../common/wire.ts';
import type { Db } from '../db/database.ts';
import { agendaOrder } from '../store/council.ts';

/** Roles whose holders are named publicly as the committee's members. Officers (clerk, minute-taker) and observers are staff. */
export const PUBLIC_ROLES: readonly CommitteeRole[] = ['chair', 'member'];
const publicRolesSql = PUBLIC_ROLES.map((role) => `'${role}'`).join(',');

export interface PublicCommittee {
  id: string;
  bodyId: string;
  name: string;
  createdAt: string;
  modifiedAt: string;
}

export interface PublicPerson {
  id: string;
  name: string;
  createdAt: string;
  modifiedAt: string;
}

export interface PublicMembership {
  /** `<committeeId>:<personId>`: a person has at most one membership per committee. */
  id: string;
  committeeId: string;
  personId: string;
  personName: string;
  role: CommitteeRole;
  createdAt: string;
  modifiedAt: string;
}

export interface PublicDocument extends AgendaDocument {
  meetingId: string;
  /** When this version was first published, and last changed in the published record. */
  publishedAt: string;
  modifiedAt: string;
}

export interface PublicItem {
  id: string;
  meetingId: string;
  parentItemId: string | null;
  position: number;
  number: string;
  /** Null for an exempt item whose title the clerk did not make public. */
  title: string | null;
  /** Set for a confidential item: it is shown only as "Exempt item" with this reason. */
  exempt: { reason: string } | null;
  /** Empty for an exempt item. */
  documents: PublicDocument[];
  /** Closed votes on this item, in the order they were taken; empty for an exempt item. */
  decisions: VoteResult[];
  createdAt: string;
  modifiedAt: string;
}

export interface PublicMeeting extends Omit<Meeting, 'auditCheckpoint'> {
  committeeName: string;
  cancelled: boolean;
  createdAt: string;
  /** The latest change to the meeting or anything shown within it (items, papers, votes). */
  modifiedAt: string;
}

export interface PublicMeetingDetail {
  meeting: PublicMeeting;
  committee: PublicCommittee;
  /** In agenda order: each item followed by its sub-items. */
  items: PublicItem[];
}

export interface PublicTombstone {
  kind: 'meeting' | 'item' | 'document' | 'membership';
  id: string;
  meetingId: string | null;
  committeeId: string | null;
  createdAt: string;
  deletedAt: string;
}

interface SnapshotRow {
  kind: 'meeting' | 'item' | 'document';
  entity_id: string;
  meeting_id: string;
  committee_id: string;
  confidential: number;
  payload: string;
  created_at: string;
  modified_at: string;
}

const latest = (...times: string[]) => times.reduce((a, b) => (b > a ? b : a));

export function listPublicCommittees(db: Db): PublicCommittee[] {
  return db
    .prepare('SELECT id, body_id AS bodyId, name, created_at AS createdAt, modified_at AS modifiedAt FROM committees ORDER BY name, id')
    .all() as PublicCommittee[];
}

export function findPublicCommittee(db: Db, committeeId: string): PublicCommittee | undefined {
  return db
    .prepare('SELECT id, body_id AS bodyId, name, created_at AS createdAt, modified_at AS modifiedAt FROM committees WHERE id = ?')
    .get(committeeId) as PublicCommittee | undefined;
}

/** Current public memberships, of one committee or all, ordered by committee, role (chair first) and name. */
export function listPublicMemberships(db: Db, committeeId?: string): PublicMembership[] {
  return db
    .prepare(
      `SELECT m.committee_id || ':' || m.user_id AS id, m.committee_id AS committeeId, m.user_id AS personId, u.display_name AS personName,
              m.role, m.created_at AS createdAt, m.modified_at AS modifiedAt
       FROM memberships m JOIN users u ON u.id = m.user_id
       WHERE m.role IN (${publicRolesSql}) ${committeeId ? 'AND m.committee_id = ?' : ''}
       ORDER BY m.committee_id, CASE m.role WHEN 'chair' THEN 0 ELSE 1 END, u.display_name COLLATE NOCASE, m.user_id`,
    )
    .all(...(committeeId ? [committeeId] : [])) as PublicMembership[];
}

/** People with at least one public membership now. */
export function listPublicPersons(db: Db): PublicPerson[] {
  return db
    .prepare(
      `SELECT u.id, u.display_name AS name, u.created_at AS createdAt, u.modified_at AS modifiedAt FROM users u
       WHERE EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id AND m.role IN (${publicRolesSql}))
       ORDER BY u.display_name COLLATE NOCASE, u.id`,
    )
    .all() as PublicPerson[];
}

export function findPublicPerson(db: Db, personId: string): PublicPerson | undefined {
  return listPublicPersons(db).find((person) => person.id === personId);
}

/** Published meetings, soonest first; optionally of one committee. */
export function listPublicMeetings(db: Db, options: { committeeId?: string } = {}): PublicMeeting[] {
  const rows = db
    .prepare(
      `SELECT * FROM published_entities WHERE kind = 'meeting' ${options.committeeId ? 'AND committee_id = ?' : ''}`,
    )
    .all(...(options.committeeId ? [options.committeeId] : [])) as SnapshotRow[];
  const committeeNames = new Map(listPublicCommittees(db).map((committee) => [committee.id, committee.name]));
  const embeddedModified = new Map(
    (
      db
        .prepare(`SELECT meeting_id AS meetingId, MAX(modified_at) AS modifiedAt FROM published_entities WHERE kind <> 'meeting' GROUP BY meeting_id`)
        .all() as { meetingId: string; modifiedAt: string }[]
    ).map((row) => [row.meetingId, row.modifiedAt]),
  );
  const voteTimes = new Map(
    (
      db
        .prepare('SELECT meeting_id AS meetingId, MAX(recorded_at) AS recordedAt FROM vote_results WHERE confidential = 0 GROUP BY meeting_id')
        .all() as { meetingId: string; recordedAt: string }[]
    ).map((row) => [row.meetingId, row.recordedAt]),
  );
  return rows
    .map((row) => {
      const meeting = toPublicMeeting(row, committeeNames.get(row.committee_id) ?? '');
      const modifiedAt = latest(meeting.modifiedAt, embeddedModified.get(meeting.id) ?? meeting.modifiedAt, voteTimes.get(meeting.id) ?? meeting.modifiedAt);
      return { ...meeting, modifiedAt };
    })
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.id.localeCompare(b.id));
}

function toPublicMeeting(row: SnapshotRow, committeeName: string): PublicMeeting {
  const { auditCheckpoint: _checkpoint, ...meeting } = Meeting.parse(JSON.parse(row.payload));
  return { ...meeting, committeeName, cancelled: meeting.state === 'cancelled', createdAt: row.created_at, modifiedAt: row.modified_at };
}

/** One published meeting as the public may see it, or undefined when it is not public. */
export function publicMeetingDetail(db: Db, meetingId: string): PublicMeetingDetail | undefined {
  const rows = db.prepare('SELECT * FROM published_entities WHERE meeting_id = ?').all(meetingId) as SnapshotRow[];
  const meetingRow = rows.find((row) => row.kind === 'meeting');
  if (!meetingRow) return undefined;
  const committee = findPublicCommittee(db, meetingRow.committee_id);
  if (!committee) return undefined;

  const documentsByItem = new Map<string, PublicDocument[]>();
  for (const row of rows.filter((r) => r.kind === 'document' && r.confidential === 0)) {
    const document = AgendaDocument.parse(JSON.parse(row.payload));
    const list = documentsByItem.get(document.itemId) ?? [];
    list.push({ ...document, meetingId, publishedAt: row.created_at, modifiedAt: row.modified_at });
    documentsByItem.set(document.itemId, list);
  }
  const decisionsByItem = new Map<string, VoteResult[]>();
  for (const row of db
    .prepare('SELECT payload FROM vote_results WHERE meeting_id = ? AND confidential = 0 ORDER BY recorded_at, rowid')
    .all(meetingId) as { payload: string }[]) {
    const result = VoteResult.parse(JSON.parse(row.payload));
    decisionsByItem.set(result.itemId, [...(decisionsByItem.get(result.itemId) ?? []), result]);
  }

  const itemRows = rows.filter((row) => row.kind === 'item');
  const items = agendaOrder(
    itemRows
      .map((row) => ({ row, item: AgendaItem.parse(JSON.parse(row.payload)) }))
      .sort((a, b) => a.item.position - b.item.position)
      .map((entry) => ({ ...entry, id: entry.item.id, parent_item_id: entry.item.parentItemId })),
  ).map(({ row, item }): PublicItem => {
    const exempt = row.confidential === 1 || item.confidential;
    const decisions = exempt ? [] : (decisionsByItem.get(item.id) ?? []);
    const documents = exempt ? [] : (documentsByItem.get(item.id) ?? []);
    return {
      id: item.id,
      meetingId,
      parentItemId: item.parentItemId,
      position: item.position,
      number: item.number,
      title: exempt && !item.titlePublic ? null : item.title,
      exempt: exempt ? { reason: item.confidentialReason ?? '' } : null,
      documents,
      decisions,
      createdAt: row.created_at,
      modifiedAt: latest(row.modified_at, ...documents.map((d) => d.modifiedAt), ...decisions.map((d) => d.closedAt)),
    };
  });
  const meeting = toPublicMeeting(meetingRow, committee.name);
  return { meeting: { ...meeting, modifiedAt: latest(meeting.modifiedAt, ...items.map((item) => item.modifiedAt)) }, committee, items };
}

/** Public documents (papers) of every public meeting, for lists and search. */
export function listPublicDocuments(db: Db): PublicDocument[] {
  const rows = db
    .prepare(`SELECT * FROM published_entities WHERE kind = 'document' AND confidential = 0 ORDER BY created_at, entity_id`)
    .all() as SnapshotRow[];
  return rows.map((row) => ({
    ...AgendaDocument.parse(JSON.parse(row.payload)),
    meetingId: row.meeting_id,
    publishedAt: row.created_at,
    modifiedAt: row.modified_at,
  }));
}

/** True when a public document has this content: the only way a file's bytes reach the public. */
export function isPublicContent(db: Db, sha256: string): boolean {
  return db.prepare(`SELECT 1 FROM published_entities WHERE kind = 'document' AND confidential = 0 AND sha256 = ? LIMIT 1`).get(sha256) !== undefined;
}

/** What the public could once see and no longer can, of one kind, oldest deletion first. */
export function listPublicTombstones(db: Db, kind: PublicTombstone['kind']): PublicTombstone[] {
  return db
    .prepare(
      `SELECT kind, entity_id AS id, meeting_id AS meetingId, committee_id AS committeeId, created_at AS createdAt, deleted_at AS deletedAt
       FROM public_tombstones WHERE kind = ? ORDER BY deleted_at, entity_id`,
    )
    .all(kind) as PublicTombstone[];
}

/**
 * Changes whenever anything public may have changed: publications and
 * memberships (the change feed), votes, names, committees and removals. Public
 * responses use it to answer conditional requests and to cache rendered pages.
 */
export function publicRecordVersion(db: Db): string {
  const row = db
    .prepare(
      `SELECT (SELECT COALESCE(MAX(seq), 0) FROM changes) AS changes,
              (SELECT COALESCE(MAX(rowid), 0) FROM vote_results) AS votes,
              (SELECT COALESCE(MAX(modified_at), '') FROM users) AS users,
              (SELECT COALESCE(MAX(modified_at), '') FROM committees) AS committees,
              (SELECT COALESCE(MAX(modified_at), '') FROM memberships) AS memberships,
              (SELECT COALESCE(MAX(deleted_at), '') FROM public_tombstones) AS removals`,
    )
    .get() as Record<string, string | number>;
  return Object.values(row).join('|');
}
