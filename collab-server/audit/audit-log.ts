import { createHash } from 'node:crypto';
import type { Db } from '../db/database.ts';

/** Security-relevant events. Later issues add vote and minutes events here. */
export type AuditEvent =
  | 'login'
  | 'login-failed'
  | 'logout'
  | 'user-created'
  | 'committee-created'
  | 'role-changed'
  | 'membership-ended'
  | 'meeting-published'
  | 'interest-declared'
  | 'interest-withdrawn'
  | 'committee-rules-changed'
  | 'session-opened'
  | 'session-adjourned'
  | 'session-resumed'
  | 'session-closed'
  | 'attendance-recorded'
  | 'vote-proposed'
  | 'vote-withdrawn'
  | 'vote-opened'
  | 'ballot-cast'
  | 'vote-closed';

const GENESIS = '0'.repeat(64);

interface AuditRow {
  seq: number;
  at: string;
  actor_user_id: string | null;
  event: string;
  details: string;
  prev_hash: string;
  hash: string;
}

/** The hash of one entry: its fields in a fixed order, chained to the previous hash. */
function entryHash(entry: Omit<AuditRow, 'hash'>): string {
  const canonical = JSON.stringify([entry.seq, entry.at, entry.actor_user_id, entry.event, entry.details, entry.prev_hash]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** Appends one entry; call inside the transaction that makes the change it records. */
export function appendAudit(db: Db, event: AuditEvent, actorUserId: string | null, details: Record<string, unknown>): void {
  db.transaction(() => {
    const last = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
    const entry = {
      seq: (last?.seq ?? 0) + 1,
      at: new Date().toISOString(),
      actor_user_id: actorUserId,
      event,
      details: JSON.stringify(details),
      prev_hash: last?.hash ?? GENESIS,
    };
    db.prepare('INSERT INTO audit_log (seq, at, actor_user_id, event, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      entry.seq, entry.at, entry.actor_user_id, entry.event, entry.details, entry.prev_hash, entryHash(entry),
    );
  })();
}

export type AuditVerification = { ok: true; entries: number } | { ok: false; entries: number; brokenSeq: number; reason: string };

/** Walks the chain from the start and reports the first entry whose hash, link or numbering does not hold. */
export function verifyAuditChain(db: Db): AuditVerification {
  let previousHash = GENESIS;
  let expectedSeq = 1;
  let entries = 0;
  for (const row of db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as IterableIterator<AuditRow>) {
    entries += 1;
    if (row.seq !== expectedSeq) return { ok: false, entries, brokenSeq: row.seq, reason: `expected entry ${expectedSeq}: an entry is missing` };
    if (row.prev_hash !== previousHash) return { ok: false, entries, brokenSeq: row.seq, reason: 'its link to the previous entry does not match' };
    if (entryHash(row) !== row.hash) return { ok: false, entries, brokenSeq: row.seq, reason: 'its content does not match its hash (edited)' };
    previousHash = row.hash;
    expectedSeq += 1;
  }
  return { ok: true, entries };
}
