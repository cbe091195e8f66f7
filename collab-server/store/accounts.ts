import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { CommitteeRole, Membership, UserProfile } from '../../common/wire.ts';
import type { Db } from '../db/database.ts';
import { HttpError } from '../http/errors.ts';
import type { MembershipRow } from './rows.ts';

export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  is_admin: number;
}

/** Who is asking: the signed-in user and their committee roles, read once per request. */
export interface Viewer {
  userId: string;
  username: string;
  displayName: string;
  isAdmin: boolean;
  roles: Map<string, CommitteeRole>;
}

/** Sessions end after 12 h without use, and 7 days after login whatever happens. */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 7 * 24 * 60 * 60 * 1000;
/** Avoid a write per request: last-used is refreshed at most once a minute. */
const TOUCH_INTERVAL_MS = 60 * 1000;

export const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

export function findUserByUsername(db: Db, username: string): UserRow | undefined {
  return db.prepare('SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;
}

export function findUserById(db: Db, id: string): UserRow | undefined {
  return db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
}

export function insertUser(db: Db, user: { username: string; displayName: string; passwordHash: string; isAdmin: boolean }): UserRow {
  if (findUserByUsername(db, user.username)) {
    throw new HttpError(409, 'username-taken', `An account named "${user.username}" already exists`);
  }
  const id = randomUUID();
  db.prepare('INSERT INTO users (id, username, display_name, password_hash, is_admin, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
    id, user.username, user.displayName, user.passwordHash, user.isAdmin ? 1 : 0, new Date().toISOString(),
  );
  return findUserById(db, id)!;
}

export function membershipsOf(db: Db, userId: string): Membership[] {
  const rows = db.prepare('SELECT * FROM memberships WHERE user_id = ? ORDER BY committee_id').all(userId) as MembershipRow[];
  return rows.map((row) => ({ committeeId: row.committee_id, role: row.role }));
}

export function userProfile(db: Db, user: UserRow): UserProfile {
  return { id: user.id, username: user.username, displayName: user.display_name, memberships: membershipsOf(db, user.id) };
}

export function viewerOf(db: Db, user: UserRow): Viewer {
  return {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    isAdmin: user.is_admin === 1,
    roles: new Map(membershipsOf(db, user.id).map((m) => [m.committeeId, m.role])),
  };
}

export function createSession(db: Db, userId: string, now = new Date()): { token: string; expiresAt: string } {
  const token = randomBytes(32).toString('base64url');
  const absolute = new Date(now.getTime() + SESSION_ABSOLUTE_MS).toISOString();
  db.prepare('INSERT INTO sessions (token_sha256, user_id, created_at, last_used_at, absolute_expires_at) VALUES (?, ?, ?, ?, ?)').run(
    sha256Hex(token), userId, now.toISOString(), now.toISOString(), absolute,
  );
  return { token, expiresAt: sessionExpiry(now.toISOString(), absolute) };
}

/** The earlier of idle and absolute expiry, as seen from the last use. */
function sessionExpiry(lastUsedAt: string, absoluteExpiresAt: string): string {
  const idle = new Date(Date.parse(lastUsedAt) + SESSION_IDLE_MS).toISOString();
  return idle < absoluteExpiresAt ? idle : absoluteExpiresAt;
}

/** Resolves a bearer token to its user, or null when unknown or expired (an expired session is deleted). */
/**
 * The session's user, or null when there is no such session or it has expired.
 * `touch: false` leaves last-used alone (the caller refreshes it some other way,
 * e.g. the Yjs hub, which checks every message and must not wait on a write).
 */
export function userForToken(db: Db, token: string, now = new Date(), { touch = true }: { touch?: boolean } = {}): UserRow | null {
  const tokenHash = sha256Hex(token);
  const session = db.prepare('SELECT * FROM sessions WHERE token_sha256 = ?').get(tokenHash) as
    | { user_id: string; last_used_at: string; absolute_expires_at: string }
    | undefined;
  if (!session) return null;
  const nowIso = now.toISOString();
  if (sessionExpiry(session.last_used_at, session.absolute_expires_at) <= nowIso) {
    db.prepare('DELETE FROM sessions WHERE token_sha256 = ?').run(tokenHash);
    return null;
  }
  if (touch && now.getTime() - Date.parse(session.last_used_at) > TOUCH_INTERVAL_MS) touchSession(db, token, now);
  return findUserById(db, session.user_id) ?? null;
}

/** When the session with this token hash ends unless used again (ms since the epoch), or null when it has ended. Reads only. */
export function sessionEndsAt(db: Db, tokenSha256: string, now = Date.now()): number | null {
  const session = db.prepare('SELECT last_used_at, absolute_expires_at FROM sessions WHERE token_sha256 = ?').get(tokenSha256) as
    | { last_used_at: string; absolute_expires_at: string }
    | undefined;
  if (!session) return null;
  const endsAt = Date.parse(sessionExpiry(session.last_used_at, session.absolute_expires_at));
  return endsAt > now ? endsAt : null;
}

/** Marks the session as used now (it then stays valid for another idle period). */
export function touchSession(db: Db, token: string, now = new Date()): void {
  db.prepare('UPDATE sessions SET last_used_at = ? WHERE token_sha256 = ?').run(now.toISOString(), sha256Hex(token));
}

export function deleteSession(db: Db, token: string): void {
  db.prepare('DELETE FROM sessions WHERE token_sha256 = ?').run(sha256Hex(token));
}
