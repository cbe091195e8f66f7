import { randomUUID } from 'node:crypto';
import type { CommitteeRole, CreateItemRequest, CreateMeetingRequest, UpdateItemRequest, UpdateMeetingRequest } from '../../common/wire.ts';
import type { Db } from '../db/database.ts';
import { appendChange } from '../feed/change-log.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { renumberAgenda } from './agenda-numbering.ts';
import { type CommitteeRow, type DocumentRow, type ItemRow, type MeetingRow, toCommittee } from './rows.ts';

// ------------------------------------------------------------ body and committees

export function ensureBody(db: Db, name: string): string {
  const existing = db.prepare('SELECT id FROM bodies WHERE name = ?').get(name) as { id: string } | undefined;
  if (existing) return existing.id;
  const id = randomUUID();
  db.prepare('INSERT INTO bodies (id, name) VALUES (?, ?)').run(id, name);
  return id;
}

/** The council this server serves; created on first use so an empty install works. */
export function defaultBodyId(db: Db): string {
  const first = db.prepare('SELECT id FROM bodies ORDER BY rowid LIMIT 1').get() as { id: string } | undefined;
  return first?.id ?? ensureBody(db, 'Council');
}

export function listCommittees(db: Db): CommitteeRow[] {
  return db.prepare('SELECT * FROM committees ORDER BY name').all() as CommitteeRow[];
}

export function findCommittee(db: Db, id: string): CommitteeRow | undefined {
  return db.prepare('SELECT * FROM committees WHERE id = ?').get(id) as CommitteeRow | undefined;
}

export function requireCommittee(db: Db, id: string): CommitteeRow {
  const committee = findCommittee(db, id);
  if (!committee) throw notFound('Committee');
  return committee;
}

/** Creates a committee and tells every mirror about it. */
export function createCommittee(db: Db, bodyId: string, name: string): CommitteeRow {
  return db.transaction(() => {
    if (db.prepare('SELECT 1 FROM committees WHERE body_id = ? AND name = ?').get(bodyId, name)) {
      throw new HttpError(409, 'committee-exists', `A committee named "${name}" already exists`);
    }
    const id = randomUUID();
    db.prepare('INSERT INTO committees (id, body_id, name, created_at) VALUES (?, ?, ?, ?)').run(id, bodyId, name, new Date().toISOString());
    const row = findCommittee(db, id)!;
    appendChange(db, { kind: 'committee', op: 'upsert', entityId: id, committeeId: id, confidential: false, userId: null, data: toCommittee(row) });
    return row;
  })();
}

// ------------------------------------------------------------ memberships

/**
 * Starts or changes a membership. A new membership widens what the user may see,
 * so their mirror is told to resync from 0; a role change only updates the row.
 */
export function setMembership(db: Db, committeeId: string, userId: string, role: CommitteeRole): void {
  db.transaction(() => {
    requireCommittee(db, committeeId);
    const existing = db.prepare('SELECT role FROM memberships WHERE committee_id = ? AND user_id = ?').get(committeeId, userId) as
      | { role: string }
      | undefined;
    if (existing?.role === role) return;
    db.prepare(
      'INSERT INTO memberships (committee_id, user_id, role) VALUES (?, ?, ?) ON CONFLICT (committee_id, user_id) DO UPDATE SET role = excluded.role',
    ).run(committeeId, userId, role);
    appendChange(db, { kind: 'membership', op: 'upsert', entityId: committeeId, committeeId, confidential: false, userId, data: { committeeId, role } });
    if (!existing) appendChange(db, { kind: 'mirror', op: 'resync', entityId: null, committeeId, confidential: false, userId, data: null });
  })();
}

/** Ends a membership: the user's mirror deletes the membership and purges the committee's confidential material. */
export function endMembership(db: Db, committeeId: string, userId: string): boolean {
  return db.transaction(() => {
    const result = db.prepare('DELETE FROM memberships WHERE committee_id = ? AND user_id = ?').run(committeeId, userId);
    if (result.changes === 0) return false;
    // The membership tombstone's id is the committee id (a user has at most one membership per committee).
    appendChange(db, { kind: 'membership', op: 'delete', entityId: committeeId, committeeId, confidential: false, userId, data: null });
    appendChange(db, { kind: 'committee', op: 'purge', entityId: committeeId, committeeId, confidential: false, userId, data: null });
    return true;
  })();
}

// ------------------------------------------------------------ meetings and items (the clerk's working copy)

export function findMeeting(db: Db, id: string): MeetingRow | undefined {
  return db.prepare('SELECT * FROM meetings WHERE id = ?').get(id) as MeetingRow | undefined;
}

export function listMeetingsOfCommittees(db: Db, committeeIds: string[]): MeetingRow[] {
  if (committeeIds.length === 0) return [];
  const placeholders = committeeIds.map(() => '?').join(',');
  return db.prepare(`SELECT * FROM meetings WHERE committee_id IN (${placeholders}) ORDER BY starts_at`).all(...committeeIds) as MeetingRow[];
}

export function createMeeting(db: Db, request: CreateMeetingRequest): MeetingRow {
  if (request.endsAt && Date.parse(request.endsAt) < Date.parse(request.startsAt)) throw new HttpError(400, 'invalid-times', 'endsAt is before startsAt');
  const id = randomUUID();
  db.prepare(
    'INSERT INTO meetings (id, committee_id, title, starts_at, ends_at, venue, state, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(id, request.committeeId, request.title, request.startsAt, request.endsAt ?? null, request.venue ?? null, 'draft', new Date().toISOString());
  return findMeeting(db, id)!;
}

export function updateMeeting(db: Db, meetingId: string, change: UpdateMeetingRequest): MeetingRow {
  return db.transaction(() => {
    const meeting = findMeeting(db, meetingId);
    if (!meeting) throw notFound('Meeting');
    // Once mirrors hold a meeting it cannot go back to being a private draft; cancel it instead.
    if (change.state === 'draft' && meeting.published_version > 0) {
      throw new HttpError(409, 'already-published', 'A published meeting cannot return to draft; set state "cancelled" instead');
    }
    if (change.state === 'published' && meeting.published_version === 0) {
      throw new HttpError(409, 'not-published', 'Use the publish route to publish a meeting');
    }
    const startsAt = change.startsAt ?? meeting.starts_at;
    const endsAt = change.endsAt !== undefined ? change.endsAt : meeting.ends_at;
    if (endsAt && Date.parse(endsAt) < Date.parse(startsAt)) throw new HttpError(400, 'invalid-times', 'endsAt is before startsAt');
    db.prepare('UPDATE meetings SET title = ?, starts_at = ?, ends_at = ?, venue = ?, state = ? WHERE id = ?').run(
      change.title ?? meeting.title, startsAt, endsAt, change.venue !== undefined ? change.venue : meeting.venue, change.state ?? meeting.state, meetingId,
    );
    return findMeeting(db, meetingId)!;
  })();
}

export function findItem(db: Db, id: string): ItemRow | undefined {
  return db.prepare('SELECT * FROM items WHERE id = ? AND deleted_at IS NULL').get(id) as ItemRow | undefined;
}

/** Live items in agenda order: top-level by position, each followed by its sub-items. */
export function itemsOfMeeting(db: Db, meetingId: string): ItemRow[] {
  const rows = db.prepare('SELECT * FROM items WHERE meeting_id = ? AND deleted_at IS NULL ORDER BY position, rowid').all(meetingId) as ItemRow[];
  return agendaOrder(rows);
}

export function agendaOrder<T extends { id: string; parent_item_id: string | null }>(rows: T[]): T[] {
  const children = new Map<string | null, T[]>();
  for (const row of rows) {
    const key = row.parent_item_id && rows.some((r) => r.id === row.parent_item_id) ? row.parent_item_id : null;
    children.set(key, [...(children.get(key) ?? []), row]);
  }
  const ordered: T[] = [];
  const visit = (parent: string | null) => {
    for (const row of children.get(parent) ?? []) {
      ordered.push(row);
      visit(row.id);
    }
  };
  visit(null);
  return ordered;
}

export function createItem(db: Db, meetingId: string, request: CreateItemRequest): ItemRow {
  return db.transaction(() => {
    const parentId = request.parentItemId ?? null;
    if (parentId) {
      const parent = findItem(db, parentId);
      if (!parent || parent.meeting_id !== meetingId) throw new HttpError(400, 'invalid-parent', 'parentItemId is not an item of this meeting');
    }
    if (request.confidential && !request.confidentialReason) {
      throw new HttpError(400, 'reason-required', 'A confidential item needs confidentialReason (e.g. "Paragraph 3, Schedule 12A")');
    }
    // After the last sibling (deleted ones keep their positions, so count would collide).
    const siblings = db
      .prepare('SELECT COALESCE(MAX(position) + 1, 0) AS n FROM items WHERE meeting_id = ? AND parent_item_id IS ?')
      .get(meetingId, parentId) as { n: number };
    const id = randomUUID();
    db.prepare(
      `INSERT INTO items (id, meeting_id, parent_item_id, position, number, title, confidential, confidential_reason, title_public, number_overridden)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(id, meetingId, parentId, siblings.n, request.number ?? '', request.title, request.confidential ? 1 : 0,
      request.confidential ? (request.confidentialReason ?? null) : null, request.titlePublic ? 1 : 0, request.number === undefined ? 0 : 1);
    renumberAgenda(db, meetingId, itemsOfMeeting(db, meetingId));
    return findItem(db, id)!;
  })();
}

export function updateItem(db: Db, itemId: string, change: UpdateItemRequest): ItemRow {
  return db.transaction(() => {
    const item = findItem(db, itemId);
    if (!item) throw notFound('Agenda item');
    const confidential = change.confidential ?? item.confidential === 1;
    const reason = change.confidentialReason !== undefined ? change.confidentialReason : item.confidential_reason;
    if (confidential && !reason) {
      throw new HttpError(400, 'reason-required', 'A confidential item needs confidentialReason (e.g. "Paragraph 3, Schedule 12A")');
    }
    const titlePublic = change.titlePublic ?? item.title_public === 1;
    // A number given is the clerk's own; null hands the item back to automatic numbering.
    const numberOverridden = change.number === undefined ? item.number_overridden : change.number === null ? 0 : 1;
    db.prepare('UPDATE items SET number = ?, title = ?, confidential = ?, confidential_reason = ?, title_public = ?, number_overridden = ? WHERE id = ?').run(
      change.number ?? item.number, change.title ?? item.title, confidential ? 1 : 0, confidential ? reason : null, titlePublic ? 1 : 0, numberOverridden, itemId,
    );
    if (change.parentItemId !== undefined && change.parentItemId !== item.parent_item_id) {
      reparentItem(db, item, change.parentItemId, change.position);
    } else if (change.position !== undefined) {
      moveItem(db, item, change.position);
    }
    renumberAgenda(db, item.meeting_id, itemsOfMeeting(db, item.meeting_id));
    return findItem(db, itemId)!;
  })();
}

/**
 * Nests an item under another top-level item of its meeting, or (null) makes it a top-level item, at `position`
 * among its new siblings (last when not given). Agendas are two levels deep: an item with sub-items is not nested.
 */
function reparentItem(db: Db, item: ItemRow, parentId: string | null, position: number | undefined): void {
  if (parentId !== null) {
    const parent = findItem(db, parentId);
    if (!parent || parent.meeting_id !== item.meeting_id || parent.id === item.id) {
      throw new HttpError(400, 'invalid-parent', 'parentItemId is not another item of this meeting');
    }
    if (parent.parent_item_id !== null) throw new HttpError(409, 'too-deep', 'A sub-item cannot have sub-items of its own');
    if (db.prepare('SELECT 1 FROM items WHERE parent_item_id = ? AND deleted_at IS NULL').get(item.id)) {
      throw new HttpError(409, 'too-deep', 'An item with sub-items cannot become a sub-item');
    }
  }
  db.prepare('UPDATE items SET parent_item_id = ? WHERE id = ?').run(parentId, item.id);
  placeAmongSiblings(db, item.meeting_id, parentId, item.id, position ?? Number.MAX_SAFE_INTEGER);
  // Close the gap it left among its old siblings.
  placeAmongSiblings(db, item.meeting_id, item.parent_item_id, null, 0);
}

/** Places an item at `position` among its live siblings and renumbers them 0..n-1. */
function moveItem(db: Db, item: ItemRow, position: number): void {
  placeAmongSiblings(db, item.meeting_id, item.parent_item_id, item.id, position);
}

/** Sets the positions of the live items under `parentId` to 0..n-1, with `itemId` (if any) at `position`. */
function placeAmongSiblings(db: Db, meetingId: string, parentId: string | null, itemId: string | null, position: number): void {
  const siblings = (
    db
      .prepare('SELECT id FROM items WHERE meeting_id = ? AND parent_item_id IS ? AND deleted_at IS NULL AND id IS NOT ? ORDER BY position, rowid')
      .all(meetingId, parentId, itemId) as { id: string }[]
  ).map((row) => row.id);
  if (itemId !== null) siblings.splice(Math.min(position, siblings.length), 0, itemId);
  const setPosition = db.prepare('UPDATE items SET position = ? WHERE id = ?');
  siblings.forEach((id, index) => setPosition.run(index, id));
}

/** Removes an item and its sub-items from the working copy (kept in the database for the record). */
export function deleteItem(db: Db, itemId: string): void {
  db.transaction(() => {
    const item = findItem(db, itemId);
    if (!item) throw notFound('Agenda item');
    const now = new Date().toISOString();
    const remove = (id: string) => {
      db.prepare('UPDATE items SET deleted_at = ? WHERE id = ?').run(now, id);
      for (const child of db.prepare('SELECT id FROM items WHERE parent_item_id = ? AND deleted_at IS NULL').all(id) as { id: string }[]) remove(child.id);
    };
    remove(itemId);
    renumberAgenda(db, item.meeting_id, itemsOfMeeting(db, item.meeting_id));
  })();
}

// ------------------------------------------------------------ documents

export function findDocument(db: Db, id: string): DocumentRow | undefined {
  return db.prepare('SELECT * FROM documents WHERE id = ?').get(id) as DocumentRow | undefined;
}

/** The newest version of each lineage attached to the meeting's live items, then those of the whole meeting (its minutes). */
export function currentDocumentsOfMeeting(db: Db, meetingId: string): DocumentRow[] {
  const itemOrder = new Map(itemsOfMeeting(db, meetingId).map((item, index) => [item.id, index]));
  const rows = db
    .prepare(
      `SELECT d.* FROM documents d LEFT JOIN items i ON i.id = d.item_id
       WHERE d.meeting_id = ? AND (d.item_id IS NULL OR i.deleted_at IS NULL)
         AND d.version = (SELECT MAX(version) FROM documents WHERE lineage_id = d.lineage_id)
       ORDER BY d.created_at, d.rowid`,
    )
    .all(meetingId) as DocumentRow[];
  // Agenda order of the items, then upload order within an item; the meeting's own documents last.
  const place = (row: DocumentRow) => (row.item_id === null ? Number.MAX_SAFE_INTEGER : (itemOrder.get(row.item_id) ?? 0));
  return rows.sort((a, b) => place(a) - place(b));
}

/** A new document row: an item's paper (its meeting is the item's), or with `meeting_id` and no item, one of the whole meeting. */
export type NewDocument = Omit<DocumentRow, 'created_at' | 'meeting_id' | 'committee_only'> &
  Partial<Pick<DocumentRow, 'meeting_id' | 'committee_only'>> & { uploadedBy: string; pages: string[] };

export function insertDocument(db: Db, doc: NewDocument): DocumentRow {
  return db.transaction(() => {
    db.prepare(
      `INSERT INTO documents (id, item_id, meeting_id, committee_only, lineage_id, version, kind, name, sha256, size, page_count, has_text, uploaded_by, created_at)
       VALUES (?, ?, COALESCE(?, (SELECT meeting_id FROM items WHERE id = ?)), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(doc.id, doc.item_id, doc.meeting_id ?? null, doc.item_id, doc.committee_only ?? 0, doc.lineage_id, doc.version, doc.kind, doc.name, doc.sha256,
      doc.size, doc.page_count, doc.has_text, doc.uploadedBy, new Date().toISOString());
    const insertPage = db.prepare('INSERT OR IGNORE INTO document_pages (sha256, page_number, text) VALUES (?, ?, ?)');
    doc.pages.forEach((text, index) => insertPage.run(doc.sha256, index + 1, text));
    return findDocument(db, doc.id)!;
  })();
}

export function nextVersionInLineage(db: Db, lineageId: string): number {
  const row = db.prepare('SELECT MAX(version) AS v FROM documents WHERE lineage_id = ?').get(lineageId) as { v: number | null };
  return (row.v ?? 0) + 1;
}
