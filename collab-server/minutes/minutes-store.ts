/**
 * The minutes' workflow in SQLite (migration 010): the state of each
 * meeting's minutes, approval, publication, amendments, and the council's
 * stock phrases. Every function runs inside the caller's transaction where
 * it writes more than one row; the routes check roles first.
 */
import { randomUUID } from 'node:crypto';
import type { MinutesAmendment, MinutesState, MinutesStatus, SetStockPhrasesRequest, StockPhrase } from '../../common/minutes.ts';
import type { Db } from '../db/database.ts';
import { HttpError } from '../http/errors.ts';

interface MinutesRow {
  meeting_id: string;
  state: MinutesState;
  circulated_at: string | null;
  circulated_by: string | null;
  approved_at: string | null;
  approved_by: string | null;
  approval_method: 'vote' | 'chair-signature' | null;
  approval_vote_id: string | null;
  approved_text_sha256: string | null;
  approved_state: Buffer | null;
  published_at: string | null;
  published_by: string | null;
}

function findMinutes(db: Db, meetingId: string): MinutesRow | undefined {
  return db.prepare('SELECT * FROM minutes WHERE meeting_id = ?').get(meetingId) as MinutesRow | undefined;
}

/** Where the meeting's minutes are; a meeting nobody has moved on yet has a draft. */
export function minutesStateOf(db: Db, meetingId: string): MinutesState {
  return (db.prepare('SELECT state FROM minutes WHERE meeting_id = ?').pluck().get(meetingId) as MinutesState | undefined) ?? 'draft';
}

/** True once the text is locked: approved or published. */
export const isLocked = (state: MinutesState) => state === 'approved' || state === 'published';

const displayName = (db: Db, userId: string | null): string =>
  (userId ? (db.prepare('SELECT display_name FROM users WHERE id = ?').pluck().get(userId) as string | undefined) : undefined) ?? 'Former user';

export function minutesStatus(db: Db, meetingId: string): MinutesStatus {
  const row = findMinutes(db, meetingId);
  return {
    meetingId,
    state: row?.state ?? 'draft',
    circulatedAt: row?.circulated_at ?? null,
    approval:
      row?.approved_at && row.approved_text_sha256 && row.approval_method
        ? {
            at: row.approved_at,
            by: { userId: row.approved_by ?? '', displayName: displayName(db, row.approved_by) },
            method: row.approval_method,
            voteId: row.approval_vote_id,
            textSha256: row.approved_text_sha256,
          }
        : null,
    publishedAt: row?.published_at ?? null,
    amendments: amendmentsOf(db, meetingId),
  };
}

/** The Yjs state the minutes were approved in (exports of locked minutes read it), or null before approval. */
export function approvedState(db: Db, meetingId: string): Uint8Array | null {
  const state = db.prepare('SELECT approved_state FROM minutes WHERE meeting_id = ?').pluck().get(meetingId) as Buffer | null | undefined;
  return state ? new Uint8Array(state) : null;
}

function requireState(db: Db, meetingId: string, allowed: MinutesState[], action: string): MinutesState {
  const state = minutesStateOf(db, meetingId);
  if (!allowed.includes(state)) {
    throw new HttpError(409, 'minutes-state', `The minutes are ${state}; they can be ${action} only when ${allowed.join(' or ')}`);
  }
  return state;
}

export function circulateMinutes(db: Db, meetingId: string, byUserId: string, now: string): void {
  requireState(db, meetingId, ['draft'], 'circulated');
  db.prepare(
    `INSERT INTO minutes (meeting_id, state, circulated_at, circulated_by) VALUES (?, 'circulated', ?, ?)
     ON CONFLICT (meeting_id) DO UPDATE SET state = 'circulated', circulated_at = excluded.circulated_at, circulated_by = excluded.circulated_by`,
  ).run(meetingId, now, byUserId);
}

export interface Approval {
  meetingId: string;
  byUserId: string;
  method: 'vote' | 'chair-signature';
  voteId: string | null;
  textSha256: string;
  /** Y.encodeStateAsUpdate of the document at approval. */
  state: Uint8Array;
  now: string;
}

/** Locks the minutes: from here on the server refuses writes to their document. */
export function approveMinutes(db: Db, approval: Approval): void {
  requireState(db, approval.meetingId, ['circulated'], 'approved');
  db.prepare(
    `UPDATE minutes SET state = 'approved', approved_at = ?, approved_by = ?, approval_method = ?, approval_vote_id = ?,
       approved_text_sha256 = ?, approved_state = ? WHERE meeting_id = ?`,
  ).run(approval.now, approval.byUserId, approval.method, approval.voteId, approval.textSha256, Buffer.from(approval.state), approval.meetingId);
}

export function markMinutesPublished(db: Db, meetingId: string, byUserId: string, now: string): void {
  requireState(db, meetingId, ['approved'], 'published');
  db.prepare(`UPDATE minutes SET state = 'published', published_at = ?, published_by = ? WHERE meeting_id = ?`).run(now, byUserId, meetingId);
}

// ------------------------------------------------------------ amendments

interface AmendmentRow {
  id: string;
  by_user_id: string;
  display_name: string | null;
  at: string;
  reason: string;
  before_text: string;
  after_text: string;
}

export function amendmentsOf(db: Db, meetingId: string): MinutesAmendment[] {
  const rows = db
    .prepare(
      `SELECT a.*, u.display_name FROM minutes_amendments a LEFT JOIN users u ON u.id = a.by_user_id
       WHERE a.meeting_id = ? ORDER BY a.at, a.rowid`,
    )
    .all(meetingId) as AmendmentRow[];
  return rows.map((row) => ({
    id: row.id,
    by: { userId: row.by_user_id, displayName: row.display_name ?? 'Former user' },
    at: row.at,
    reason: row.reason,
    before: row.before_text,
    after: row.after_text,
  }));
}

export function addAmendment(db: Db, meetingId: string, byUserId: string, change: { reason: string; before: string; after: string }, now: string): string {
  requireState(db, meetingId, ['approved', 'published'], 'amended');
  const id = randomUUID();
  db.prepare('INSERT INTO minutes_amendments (id, meeting_id, by_user_id, at, reason, before_text, after_text) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    id, meetingId, byUserId, now, change.reason, change.before, change.after,
  );
  return id;
}

// ------------------------------------------------------------ stock phrases

export function stockPhrases(db: Db): StockPhrase[] {
  return db.prepare('SELECT id, label, text FROM stock_phrases ORDER BY position').all() as StockPhrase[];
}

/** Replaces the council's list; a phrase sent with an id keeps it (the picker's recent choices stay valid). */
export function replaceStockPhrases(db: Db, request: SetStockPhrasesRequest): StockPhrase[] {
  const ids = request.phrases.map((phrase) => phrase.id).filter((id): id is string => id !== undefined);
  if (new Set(ids).size !== ids.length) throw new HttpError(400, 'duplicate-id', 'Each phrase id may appear once');
  db.prepare('DELETE FROM stock_phrases').run();
  const insert = db.prepare('INSERT INTO stock_phrases (id, position, label, text) VALUES (?, ?, ?, ?)');
  request.phrases.forEach((phrase, position) => insert.run(phrase.id ?? randomUUID(), position, phrase.label, phrase.text));
  return stockPhrases(db);
}
