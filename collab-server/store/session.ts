/**
 * The meeting session's own rows: the session, the roll and the speakers list.
 * Votes live in ../voting/votes.ts. Every function runs inside the caller's
 * transaction and stamps times with the server's clock.
 */
import type { Attendance, CommitteeRole, MeetingState, SessionStatus } from '../../common/wire.ts';
import type { Db } from '../db/database.ts';
import { appendChange } from '../feed/change-log.ts';
import { HttpError } from '../http/errors.ts';

export interface SessionRow {
  meeting_id: string;
  status: Exclude<SessionStatus, 'not-started'>;
  opened_at: string;
  closed_at: string | null;
  current_item_id: string | null;
}

export interface RollRow {
  user_id: string;
  display_name: string;
  role: CommitteeRole;
  attendance: Exclude<Attendance, 'unmarked'> | null;
  arrived_at: string | null;
  departed_at: string | null;
}

export interface SpeakerRow {
  user_id: string;
  display_name: string;
  position: number;
  status: 'waiting' | 'speaking' | 'done';
  requested_at: string;
  started_at: string | null;
  ended_at: string | null;
}

/** Only the chair and members vote and count towards quorum: substitutes and officers receive the papers and do not vote. */
export const isVotingRole = (role: CommitteeRole | undefined) => role === 'chair' || role === 'member';

const ROLE_ORDER: Record<CommitteeRole, number> = { chair: 0, member: 1, substitute: 2, clerk: 3, 'minute-taker': 4, officer: 5, observer: 6 };

export function findSession(db: Db, meetingId: string): SessionRow | undefined {
  return db.prepare('SELECT * FROM meeting_sessions WHERE meeting_id = ?').get(meetingId) as SessionRow | undefined;
}

/** Everyone on the committee with their attendance at this meeting: chair, members, then the others. */
export function rollOf(db: Db, meetingId: string, committeeId: string): RollRow[] {
  const rows = db
    .prepare(
      `SELECT m.user_id, u.display_name, m.role, a.attendance, a.arrived_at, a.departed_at
       FROM memberships m JOIN users u ON u.id = m.user_id
       LEFT JOIN attendance a ON a.meeting_id = ? AND a.user_id = m.user_id
       WHERE m.committee_id = ?`,
    )
    .all(meetingId, committeeId) as RollRow[];
  return rows.sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.display_name.localeCompare(b.display_name));
}

/** Members whose declaration on the item takes them out of it. */
export function excludedFromItem(db: Db, itemId: string): Set<string> {
  const rows = db.prepare('SELECT user_id FROM declarations WHERE item_id = ? AND leaves_room = 1').pluck().all(itemId) as string[];
  return new Set(rows);
}

export function speakersOf(db: Db, itemId: string): SpeakerRow[] {
  return db
    .prepare(
      `SELECT s.*, u.display_name FROM speakers s JOIN users u ON u.id = s.user_id WHERE s.item_id = ?
       ORDER BY CASE s.status WHEN 'speaking' THEN 0 WHEN 'waiting' THEN 1 ELSE 2 END, s.position, s.ended_at`,
    )
    .all(itemId) as SpeakerRow[];
}

// ------------------------------------------------------------ commands

export function openSession(db: Db, meetingId: string, now: string): void {
  const session = findSession(db, meetingId);
  if (session) throw new HttpError(409, 'session-state', `The session is already ${session.status}`);
  db.prepare("INSERT INTO meeting_sessions (meeting_id, status, opened_at) VALUES (?, 'in-session', ?)").run(meetingId, now);
  setMeetingState(db, meetingId, 'in-session');
}

/** Adjourn, resume or close: only from the states that allow it. */
export function moveSession(db: Db, meetingId: string, to: 'adjourned' | 'in-session' | 'closed', now: string): void {
  const session = findSession(db, meetingId);
  const allowedFrom: Record<typeof to, string[]> = { adjourned: ['in-session'], 'in-session': ['adjourned'], closed: ['in-session', 'adjourned'] };
  if (!session || !allowedFrom[to].includes(session.status)) {
    throw new HttpError(409, 'session-state', `The session is ${session?.status ?? 'not started'}; it cannot become ${to}`);
  }
  db.prepare('UPDATE meeting_sessions SET status = ?, closed_at = ? WHERE meeting_id = ?').run(to, to === 'closed' ? now : null, meetingId);
  setMeetingState(db, meetingId, to);
}

/** The meeting's state changes with its session; mirrors learn it through the feed (published snapshot, not the working copy). */
function setMeetingState(db: Db, meetingId: string, state: MeetingState): void {
  db.prepare('UPDATE meetings SET state = ? WHERE id = ?').run(state, meetingId);
  const published = db.prepare("SELECT committee_id, payload FROM published_entities WHERE kind = 'meeting' AND entity_id = ?").get(meetingId) as
    | { committee_id: string; payload: string }
    | undefined;
  if (!published) return;
  const payload = { ...(JSON.parse(published.payload) as Record<string, unknown>), state };
  db.prepare("UPDATE published_entities SET payload = ? WHERE kind = 'meeting' AND entity_id = ?").run(JSON.stringify(payload), meetingId);
  appendChange(db, { kind: 'meeting', op: 'upsert', entityId: meetingId, committeeId: published.committee_id, confidential: false, userId: null, data: payload });
}

export function setAttendance(db: Db, meetingId: string, member: RollRow, attendance: Exclude<Attendance, 'unmarked'>, now: string): void {
  if (attendance === 'departed' && member.attendance !== 'present') {
    throw new HttpError(409, 'session-state', `${member.display_name} is not present, so cannot depart`);
  }
  // First arrival is kept (late arrival); a departure is stamped; coming back clears it.
  const arrivedAt = attendance === 'present' ? (member.arrived_at ?? now) : member.arrived_at;
  const departedAt = attendance === 'departed' ? now : attendance === 'present' ? null : member.departed_at;
  db.prepare(
    `INSERT INTO attendance (meeting_id, user_id, attendance, arrived_at, departed_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (meeting_id, user_id) DO UPDATE SET attendance = excluded.attendance, arrived_at = excluded.arrived_at, departed_at = excluded.departed_at`,
  ).run(meetingId, member.user_id, attendance, arrivedAt, departedAt);
}

export function setCurrentItem(db: Db, meetingId: string, itemId: string | null): void {
  if (itemId !== null) {
    const item = db.prepare('SELECT 1 FROM items WHERE id = ? AND meeting_id = ? AND deleted_at IS NULL').get(itemId, meetingId);
    if (!item) throw new HttpError(400, 'invalid-item', 'itemId is not an item of this meeting');
  }
  db.prepare('UPDATE meeting_sessions SET current_item_id = ? WHERE meeting_id = ?').run(itemId, meetingId);
}

export function requestToSpeak(db: Db, itemId: string, userId: string, now: string): void {
  const existing = db.prepare('SELECT status FROM speakers WHERE item_id = ? AND user_id = ?').get(itemId, userId) as { status: string } | undefined;
  if (existing && existing.status !== 'done') return; // already waiting or speaking: asking twice changes nothing
  const next = db.prepare('SELECT COALESCE(MAX(position) + 1, 0) FROM speakers WHERE item_id = ?').pluck().get(itemId) as number;
  db.prepare(
    `INSERT INTO speakers (item_id, user_id, position, status, requested_at) VALUES (?, ?, ?, 'waiting', ?)
     ON CONFLICT (item_id, user_id) DO UPDATE SET position = excluded.position, status = 'waiting', requested_at = excluded.requested_at,
       started_at = NULL, ended_at = NULL`,
  ).run(itemId, userId, next, now);
}

export function withdrawRequest(db: Db, itemId: string, userId: string): void {
  const result = db.prepare("DELETE FROM speakers WHERE item_id = ? AND user_id = ? AND status = 'waiting'").run(itemId, userId);
  if (result.changes === 0) throw new HttpError(409, 'not-waiting', 'You are not waiting to speak on this item');
}

/** The waiting speakers in the given order; waiting speakers left out keep their turn after those given. */
export function reorderSpeakers(db: Db, itemId: string, userIds: string[]): void {
  const waiting = db.prepare("SELECT user_id FROM speakers WHERE item_id = ? AND status = 'waiting' ORDER BY position").pluck().all(itemId) as string[];
  const unknown = userIds.filter((id) => !waiting.includes(id));
  if (unknown.length > 0) throw new HttpError(400, 'not-waiting', 'Only speakers waiting on this item can be reordered');
  const order = [...new Set(userIds), ...waiting.filter((id) => !userIds.includes(id))];
  const base = db.prepare('SELECT COALESCE(MIN(position), 0) FROM speakers WHERE item_id = ?').pluck().get(itemId) as number;
  const setPosition = db.prepare('UPDATE speakers SET position = ? WHERE item_id = ? AND user_id = ?');
  order.forEach((userId, index) => setPosition.run(base + index, itemId, userId));
}

/** Ends whoever has the floor, then gives it to `userId` (added to the list if they had not asked). */
export function giveFloor(db: Db, itemId: string, userId: string, now: string): void {
  endFloor(db, itemId, now);
  requestToSpeak(db, itemId, userId, now);
  db.prepare("UPDATE speakers SET status = 'speaking', started_at = ?, ended_at = NULL WHERE item_id = ? AND user_id = ?").run(now, itemId, userId);
}

export function endFloor(db: Db, itemId: string, now: string): void {
  db.prepare("UPDATE speakers SET status = 'done', ended_at = ? WHERE item_id = ? AND status = 'speaking'").run(now, itemId);
}
