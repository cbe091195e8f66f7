import type { Change, ChangePage } from '../../common/wire.ts';
import type { Db } from '../db/database.ts';

/**
 * One appended feed entry. Audience rules, applied when a user reads:
 * - `userId` set: only that user (membership, purge, resync);
 * - `confidential`: only members (any role) of `committeeId`;
 * - otherwise every signed-in user.
 */
export interface NewChange {
  kind: string;
  op: 'upsert' | 'delete' | 'purge' | 'resync';
  entityId: string | null;
  committeeId: string | null;
  confidential: boolean;
  userId: string | null;
  data: unknown;
}

interface ChangeRow {
  seq: number;
  kind: string;
  op: string;
  entity_id: string | null;
  payload: string | null;
}

export function appendChange(db: Db, change: NewChange): number {
  const result = db
    .prepare(
      `INSERT INTO changes (kind, op, entity_id, committee_id, confidential, user_id, payload, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      change.kind, change.op, change.entityId, change.committeeId, change.confidential ? 1 : 0, change.userId,
      change.data === undefined || change.data === null ? null : JSON.stringify(change.data), new Date().toISOString(),
    );
  return Number(result.lastInsertRowid);
}

export function latestSeq(db: Db): number {
  const row = db.prepare('SELECT MAX(seq) AS seq FROM changes').get() as { seq: number | null };
  return row.seq ?? 0;
}

const VISIBLE_TO_USER = `(
  (user_id IS NULL AND (confidential = 0 OR committee_id IN (SELECT committee_id FROM memberships WHERE user_id = @userId)))
  OR user_id = @userId
)`;

function toChange(row: ChangeRow): Change {
  const base = { seq: row.seq };
  if (row.op === 'upsert') return { ...base, kind: row.kind, op: 'upsert', data: JSON.parse(row.payload ?? 'null') } as Change;
  if (row.op === 'delete') return { ...base, kind: row.kind, op: 'delete', id: row.entity_id } as Change;
  if (row.op === 'purge') return { ...base, kind: 'committee', op: 'purge', id: row.entity_id! };
  return { ...base, kind: 'mirror', op: 'resync' };
}

/** A page of the user's feed after `since`, filtered by what the user may see now. */
export function readChanges(db: Db, userId: string, since: number, limit: number): ChangePage {
  return db.transaction((): ChangePage => {
    const rows = db
      .prepare(`SELECT seq, kind, op, entity_id, payload FROM changes WHERE seq > @since AND ${VISIBLE_TO_USER} ORDER BY seq LIMIT @take`)
      .all({ since, userId, take: limit + 1 }) as ChangeRow[];
    const hasMore = rows.length > limit;
    const page = rows.slice(0, limit).map(toChange);
    // With nothing more to read, skip past entries the user may not see, so the next poll starts at the top.
    const nextSince = hasMore ? page[page.length - 1]!.seq : Math.max(since, latestSeq(db));
    return { changes: page, nextSince, hasMore };
  })();
}

/** The highest seq after `since` this user may see, or null. Used to decide whom to poke. */
export function latestVisibleSeq(db: Db, userId: string, since: number): number | null {
  const row = db.prepare(`SELECT MAX(seq) AS seq FROM changes WHERE seq > @since AND ${VISIBLE_TO_USER}`).get({ since, userId }) as {
    seq: number | null;
  };
  return row.seq;
}
