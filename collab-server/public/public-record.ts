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
import { ftsQuery, searchPublishedPages } from '../routes/search-routes.ts';
import { agendaOrder } from '../store/council.ts';

/**
 * Roles whose holders are named publicly as the committee's members: its chair, members and substitutes (councillors).
 * Officers, clerks, minute-takers and observers are staff. Migration 011's triggers spell the same list in SQL.
 */
export const PUBLIC_ROLES: readonly CommitteeRole[] = ['chair', 'member', 'substitute'];
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

/** A public paper of an item (the meeting's own documents, its minutes, are `publicMinutesOf`). */
export interface PublicDocument extends Omit<AgendaDocument, 'itemId'> {
  itemId: string;
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
       ORDER BY m.committee_id, CASE m.role WHEN 'chair' THEN 0 WHEN 'member' THEN 1 ELSE 2 END, u.display_name COLLATE NOCASE, m.user_id`,
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
    const document = publicPaper(row);
    if (!document) continue;
    const list = documentsByItem.get(document.itemId) ?? [];
    list.push(document);
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
  return rows.flatMap((row) => publicPaper(row) ?? []);
}

/** A published document row as a public paper; null for a document of the whole meeting (its minutes). */
function publicPaper(row: SnapshotRow): PublicDocument | null {
  const { itemId, ...document } = AgendaDocument.parse(JSON.parse(row.payload));
  return itemId === null ? null : { ...document, itemId, meetingId: row.meeting_id, publishedAt: row.created_at, modifiedAt: row.modified_at };
}

/** A public document of the whole meeting: its minutes or an agenda pack. */
export interface PublicMeetingDocument extends Omit<AgendaDocument, 'itemId' | 'committeeOnly'> {
  meetingId: string;
  publishedAt: string;
  modifiedAt: string;
}
export type PublicMinutes = PublicMeetingDocument;

/** The public documents of the whole meeting of one kind, in the order given. */
function publicMeetingDocumentsOf(db: Db, meetingId: string, kind: 'minutes' | 'pack', order: string): PublicMeetingDocument[] {
  const rows = db
    // `+kind`: look the meeting up by its index; SQLite would otherwise walk every document by (kind, modified_at) for the ORDER BY.
    .prepare(`SELECT * FROM published_entities WHERE +kind = 'document' AND confidential = 0 AND meeting_id = ? ORDER BY ${order}, entity_id`)
    .all(meetingId) as SnapshotRow[];
  return rows.flatMap((row) => {
    const { itemId, committeeOnly: _committeeOnly, ...document } = AgendaDocument.parse(JSON.parse(row.payload));
    if (itemId !== null || document.kind !== kind) return [];
    return [{ ...document, meetingId: row.meeting_id, publishedAt: row.created_at, modifiedAt: row.modified_at }];
  });
}

/**
 * The public minutes of a meeting (documents of the whole meeting, kind 'minutes'), current version
 * first: published once approved, exempt items only as "Exempt item" with their reason.
 */
export function publicMinutesOf(db: Db, meetingId: string): PublicMinutes[] {
  return publicMeetingDocumentsOf(db, meetingId, 'minutes', 'modified_at DESC');
}

/**
 * The meeting's public agenda packs (documents of the whole meeting, kind 'pack', generated by the
 * clerk's workspace), in the order they were published: the main pack, then its supplements. The
 * confidential packs are never public.
 */
export function publicPacksOf(db: Db, meetingId: string): PublicMeetingDocument[] {
  return publicMeetingDocumentsOf(db, meetingId, 'pack', 'created_at');
}

export interface PublicBody {
  id: string;
  name: string;
}

/** The council: the body every committee belongs to (undefined until the first committee exists). */
export function findPublicBody(db: Db): PublicBody | undefined {
  return db.prepare('SELECT id, name FROM bodies ORDER BY rowid LIMIT 1').get() as PublicBody | undefined;
}

export interface PublicSearchHit {
  document: AgendaDocument;
  meetingId: string;
  /** 1-based page of the document. */
  page: number;
  /** Text around the match, the matched terms between `[[` and `]]`. */
  snippet: string;
}

/** Full-text search over the pages of public documents, best first; `text` is what a person typed (never FTS syntax). */
export function searchPublicDocuments(db: Db, text: string, limit: number): PublicSearchHit[] {
  const match = ftsQuery(text);
  if (!match) return [];
  return searchPublishedPages(db, match, limit, null).map((row) => ({
    document: AgendaDocument.parse(JSON.parse(row.payload)),
    meetingId: row.meeting_id,
    page: row.page,
    snippet: row.snippet,
  }));
}

export interface PrintedPaper {
  meetingId: string;
  documentId: string;
  /** Null for a document of the whole meeting (its published minutes, its agenda pack). */
  itemId: string | null;
  kind: AgendaDocument['kind'];
  sha256: string;
  pageCount: number;
  /** A confidential item's paper: its page count goes into the clerk's paper-saved figures only, never the public ones. */
  confidential: boolean;
  /** When this version was stored (a late paper stored after the newest pack is not inside one). */
  createdAt: string;
}

/**
 * The page count of every published paper (current versions), confidential
 * ones included and marked: what the paper-saved figures count. Nothing but
 * counts and kinds — no name, title or content; public output drops the
 * confidential rows (paper-saved.ts does).
 */
export function listPrintedPapers(db: Db): PrintedPaper[] {
  return (
    db
      .prepare(
        `SELECT meeting_id AS meetingId, entity_id AS documentId, json_extract(payload, '$.itemId') AS itemId, json_extract(payload, '$.kind') AS kind, sha256,
                json_extract(payload, '$.pageCount') AS pageCount, confidential,
                json_extract(payload, '$.createdAt') AS createdAt
         FROM published_entities WHERE kind = 'document' ORDER BY meeting_id, entity_id`,
      )
      .all() as (Omit<PrintedPaper, 'confidential'> & { confidential: number })[]
  ).map((row) => ({ ...row, confidential: row.confidential === 1 }));
}

export interface PaperRecipients {
  /** Committee id → how many people receive its papers. */
  byCommittee: Map<string, number>;
  /** When a membership last started, changed or ended (ISO), or '' when none ever did. */
  changedAt: string;
}

/**
 * How many people on each committee receive its papers: every membership,
 * whatever the role (chair, members, officers, observers), as each would have
 * had a printed copy. Counts only: officers stay unnamed in public.
 */
export function paperRecipients(db: Db): PaperRecipients {
  const rows = db.prepare('SELECT committee_id AS committeeId, COUNT(*) AS recipients FROM memberships GROUP BY committee_id').all() as {
    committeeId: string;
    recipients: number;
  }[];
  const changed = db
    .prepare(
      `SELECT MAX(COALESCE((SELECT MAX(modified_at) FROM memberships), ''),
                  COALESCE((SELECT MAX(deleted_at) FROM public_tombstones WHERE kind = 'membership'), '')) AS changedAt`,
    )
    .get() as { changedAt: string };
  return { byCommittee: new Map(rows.map((row) => [row.committeeId, row.recipients])), changedAt: changed.changedAt };
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

/** A public file: an item's paper or a meeting's public minutes, as its public URLs serve it. */
export type PublicFile = Pick<AgendaDocument, 'id' | 'name' | 'sha256' | 'size'> & { publishedAt: string };

/** One public document version (a paper or public minutes), or undefined when it is not public now. */
export function findPublicFile(db: Db, documentId: string): PublicFile | undefined {
  const row = db
    .prepare(`SELECT * FROM published_entities WHERE kind = 'document' AND entity_id = ? AND confidential = 0`)
    .get(documentId) as SnapshotRow | undefined;
  if (!row) return undefined;
  const { id, name, sha256, size } = AgendaDocument.parse(JSON.parse(row.payload));
  return { id, name, sha256, size, publishedAt: row.created_at };
}

/** The tombstone of something the public could once see, if it went. */
export function findPublicTombstone(db: Db, kind: PublicTombstone['kind'], id: string): PublicTombstone | undefined {
  return db
    .prepare(
      `SELECT kind, entity_id AS id, meeting_id AS meetingId, committee_id AS committeeId, created_at AS createdAt, deleted_at AS deletedAt
       FROM public_tombstones WHERE kind = ? AND entity_id = ?`,
    )
    .get(kind, id) as PublicTombstone | undefined;
}

/**
 * Removed public documents with the item each belonged to (open data's papers
 * are items' documents). Tombstones keep no payload; the item comes from the
 * change feed's last public entry of the document, which is what was published.
 */
export function listRemovedPublicDocuments(db: Db): (PublicTombstone & { itemId: string })[] {
  const itemIds = new Map<string, string>();
  for (const row of db
    .prepare(
      `SELECT c.entity_id AS id, c.payload FROM changes c JOIN public_tombstones t ON t.kind = 'document' AND t.entity_id = c.entity_id
       WHERE c.kind = 'document' AND c.op = 'upsert' AND c.confidential = 0 ORDER BY c.seq`,
    )
    .all() as { id: string; payload: string }[]) {
    const itemId = AgendaDocument.parse(JSON.parse(row.payload)).itemId;
    if (itemId !== null) itemIds.set(row.id, itemId);
  }
  return listPublicTombstones(db, 'document').flatMap((tombstone) => {
    const itemId = itemIds.get(tombstone.id);
    return itemId ? [{ ...tombstone, itemId }] : [];
  });
}

/** People who were public (as members in a public role) and are no longer: when their last public membership ended. */
export function listFormerPublicPersons(db: Db): { id: string; createdAt: string; deletedAt: string }[] {
  return db
    .prepare(
      `SELECT u.id, u.created_at AS createdAt, MAX(t.deleted_at) AS deletedAt
       FROM public_tombstones t JOIN users u ON u.id = substr(t.entity_id, length(t.committee_id) + 2)
       WHERE t.kind = 'membership'
         AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id AND m.role IN (${publicRolesSql}))
       GROUP BY u.id ORDER BY u.id`,
    )
    .all() as { id: string; createdAt: string; deletedAt: string }[];
}

/** When this council's record began (the database's creation): the creation time of the body and its open-data entry point. */
export function publicRecordStartedAt(db: Db): string {
  // Databases older than the migration record say so in words instead of a time; their first account or committee tells.
  const row = db
    .prepare(
      `SELECT MIN(at) AS at FROM (
         SELECT applied_at AS at FROM schema_migrations WHERE applied_at GLOB '[0-9][0-9][0-9][0-9]-*'
         UNION ALL SELECT created_at FROM committees UNION ALL SELECT created_at FROM users)`,
    )
    .get() as { at: string | null };
  return row.at ?? new Date(0).toISOString();
}

/**
 * The latest time anything in the public record changed (a publication, a
 * vote, a name, a membership, a removal): the Last-Modified of a page that
 * lists many things, which must move also when one of them goes away.
 */
export function publicRecordModifiedAt(db: Db): string {
  const row = db
    .prepare(
      `SELECT MAX(
         (SELECT COALESCE(MAX(modified_at), '') FROM published_entities),
         (SELECT COALESCE(MAX(recorded_at), '') FROM vote_results),
         (SELECT COALESCE(MAX(modified_at), '') FROM users),
         (SELECT COALESCE(MAX(modified_at), '') FROM committees),
         (SELECT COALESCE(MAX(modified_at), '') FROM memberships),
         (SELECT COALESCE(MAX(deleted_at), '') FROM public_tombstones)) AS modifiedAt`,
    )
    .get() as { modifiedAt: string };
  return row.modifiedAt || new Date(0).toISOString();
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
