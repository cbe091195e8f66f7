import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/database.ts';
import type { AuditKeyring } from './audit-keys.ts';

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
  /** Details carry the pack's `sha256`, audience, supplement number and the paper versions inside. */
  | 'agenda-pack-generated'
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
  | 'vote-closed'
  | 'minutes-circulated'
  /** Details carry `textSha256`, the SHA-256 of the approved text. */
  | 'minutes-approved'
  | 'minutes-published'
  | 'minutes-amended'
  | 'stock-phrases-changed'
  /** The first keyed entry: from here on every entry is an HMAC under an audit key. */
  | 'audit-chain-keyed'
  /** Chained under the old key; every entry after it is chained under `toKeyId`. */
  | 'audit-key-rotated';

const GENESIS = '0'.repeat(64);

/** One stored entry, as `audit_log` holds it. */
export interface AuditRow {
  seq: number;
  at: string;
  actor_user_id: string | null;
  event: string;
  details: string;
  prev_hash: string;
  hash: string;
  /** The key whose HMAC `hash` is; null for entries from before the chain was keyed (plain SHA-256). */
  key_id: string | null;
}

/** The chain's head as recorded outside the database (checkpoint file, published meetings). */
export interface AuditCheckpoint {
  seq: number;
  hmac: string;
}

/** The hash of an unkeyed entry (before migration 007): its fields in a fixed order, chained to the previous hash. */
function unkeyedHash(entry: Omit<AuditRow, 'hash'>): string {
  const canonical = JSON.stringify([entry.seq, entry.at, entry.actor_user_id, entry.event, entry.details, entry.prev_hash]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** The HMAC of a keyed entry: the same fields and the key's id, under the key. */
function keyedHash(entry: Omit<AuditRow, 'hash'>, secret: Buffer): string {
  const canonical = JSON.stringify([entry.seq, entry.at, entry.actor_user_id, entry.event, entry.details, entry.prev_hash, entry.key_id]);
  return createHmac('sha256', secret).update(canonical).digest('hex');
}

function sameHex(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

// The server attaches its keys to its connection once; every route keeps calling appendAudit(db, …).
const keyringOfDatabase = new WeakMap<Db, AuditKeyring>();

/** Makes `keyring` the audit keys of this connection and keys the chain if it is not yet (a marker entry). */
export function useAuditKeys(db: Db, keyring: AuditKeyring): void {
  keyringOfDatabase.set(db, keyring);
  db.transaction(() => {
    const keyed = db.prepare('SELECT 1 FROM audit_log WHERE key_id IS NOT NULL LIMIT 1').get();
    if (keyed) return;
    const unkeyedEntries = db.prepare('SELECT COUNT(*) FROM audit_log').pluck().get() as number;
    appendEntry(db, keyring, 'audit-chain-keyed', null, { unkeyedEntries }, keyring.newestKeyId);
  }).immediate();
}

/** The key the next entry is chained under: the last entry's, or the new one a rotation entry names. */
function nextKeyId(last: AuditRow): string | null {
  if (last.event === 'audit-key-rotated') return (JSON.parse(last.details) as { toKeyId: string }).toKeyId;
  return last.key_id;
}

function lastEntry(db: Db): AuditRow | undefined {
  return db.prepare('SELECT * FROM audit_log ORDER BY seq DESC LIMIT 1').get() as AuditRow | undefined;
}

function appendEntry(db: Db, keyring: AuditKeyring, event: AuditEvent, actorUserId: string | null, details: Record<string, unknown>, keyId?: string): void {
  const last = lastEntry(db);
  const chainKeyId = keyId ?? (last ? nextKeyId(last) : null);
  if (!chainKeyId) throw new Error('The audit chain is not keyed yet (useAuditKeys keys it when the server starts)');
  const secret = keyring.secretOf(chainKeyId);
  if (!secret) throw new Error(`The audit key ${chainKeyId} is not in ${keyring.file}`);
  const entry = {
    seq: (last?.seq ?? 0) + 1,
    at: new Date().toISOString(),
    actor_user_id: actorUserId,
    event,
    details: JSON.stringify(details),
    prev_hash: last?.hash ?? GENESIS,
    key_id: chainKeyId,
  };
  db.prepare('INSERT INTO audit_log (seq, at, actor_user_id, event, details, prev_hash, hash, key_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    entry.seq, entry.at, entry.actor_user_id, entry.event, entry.details, entry.prev_hash, keyedHash(entry, secret), entry.key_id,
  );
}

/** Appends one entry; call inside the transaction that makes the change it records. */
export function appendAudit(db: Db, event: AuditEvent, actorUserId: string | null, details: Record<string, unknown>): void {
  const keyring = keyringOfDatabase.get(db);
  if (!keyring) throw new Error('No audit key is attached to this database connection');
  db.transaction(() => appendEntry(db, keyring, event, actorUserId, details))();
}

/**
 * Starts a new key's part of the chain: adds the key to the key file, then
 * appends a rotation entry chained under the current key. Returns the new key's id.
 */
export async function rotateAuditKey(db: Db, keyring: AuditKeyring): Promise<{ fromKeyId: string; toKeyId: string }> {
  // The key is on disk before any entry needs it; a crash in between leaves an unused key, nothing worse.
  const toKeyId = await keyring.addKey();
  return db
    .transaction(() => {
      const fromKeyId = nextKeyId(lastEntry(db)!)!;
      appendEntry(db, keyring, 'audit-key-rotated', null, { fromKeyId, toKeyId }, fromKeyId);
      return { fromKeyId, toKeyId };
    })
    .immediate();
}

/** The chain's newest entry, as a checkpoint; undefined for an empty chain. */
export function auditHead(db: Db): AuditCheckpoint | undefined {
  const row = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
  return row ? { seq: row.seq, hmac: row.hash } : undefined;
}

// ------------------------------------------------------------ verification

export interface RecordedCheckpoint extends AuditCheckpoint {
  /** Where it was recorded, for the report ("checkpoint file line 3", "meeting … version 2"). */
  source: string;
}

export interface AuditProblem {
  /** broken: an entry does not verify; cut: the chain ends before a checkpoint; recomputed: a checkpoint's HMAC differs, or the key is gone. */
  kind: 'broken' | 'cut' | 'recomputed';
  seq: number;
  reason: string;
}

export interface AuditVerification {
  ok: boolean;
  entries: number;
  /** The first keyed entry (the marker), or null for a chain from before keying. */
  keyedFromSeq: number | null;
  keysUsed: number;
  checkpointsMatched: number;
  problems: AuditProblem[];
}

/**
 * Walks the chain from the start: the unkeyed part as plain SHA-256, the
 * keyed part as HMACs under the key each entry names, the key changing only
 * after a rotation entry. Then holds the head against every checkpoint
 * recorded outside the database: a checkpoint past the end means the end was
 * cut, a different HMAC at a checkpoint's entry means the chain was recomputed.
 * `keyring` is undefined when the data folder has no key file.
 */
export function verifyAuditChain(db: Db, keyring: AuditKeyring | undefined, checkpoints: readonly RecordedCheckpoint[]): AuditVerification {
  const problems: AuditProblem[] = [];
  let previousHash = GENESIS;
  let expectedSeq = 1;
  let keyedFromSeq: number | null = null;
  let expectedKeyId: string | null = null;
  const keysUsed = new Set<string>();
  const walk = (): void => {
    for (const stored of db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as IterableIterator<AuditRow>) {
      // A database verify finds before migration 007 has no key_id column at all.
      const row: AuditRow = { ...stored, key_id: stored.key_id ?? null };
      const broken = (reason: string) => problems.push({ kind: 'broken', seq: row.seq, reason });
      if (row.seq !== expectedSeq) return void broken(`expected entry ${expectedSeq}: an entry is missing`);
      if (row.prev_hash !== previousHash) return void broken('its link to the previous entry does not match');
      if (row.key_id === null) {
        if (keyedFromSeq !== null) return void broken(`an unkeyed entry after the chain became keyed at entry ${keyedFromSeq}`);
        if (unkeyedHash(row) !== row.hash) return void broken('its content does not match its hash (edited)');
      } else {
        if (keyedFromSeq === null) {
          if (row.event !== 'audit-chain-keyed') return void broken('the keyed part of the chain does not begin with its marker entry');
          keyedFromSeq = row.seq;
        } else if (row.key_id !== expectedKeyId) {
          return void broken(`it names audit key ${row.key_id} where ${expectedKeyId} was expected (a key changes only after a rotation entry)`);
        } else if (row.event === 'audit-chain-keyed') {
          return void broken('a second marker entry: the chain was keyed twice');
        }
        const secret = keyring?.secretOf(row.key_id);
        if (!secret) return void broken(`its audit key ${row.key_id} is not in the key file${keyring ? ` ${keyring.file}` : ' (there is none)'}; restore the key file from its backup`);
        if (!sameHex(keyedHash(row, secret), row.hash)) {
          return void broken(`its HMAC does not verify under audit key ${row.key_id}: the entry was edited, or the chain recomputed without the key`);
        }
        keysUsed.add(row.key_id);
        try {
          expectedKeyId = nextKeyId(row);
        } catch {
          return void broken('a rotation entry whose new key cannot be read');
        }
      }
      previousHash = row.hash;
      expectedSeq += 1;
    }
  };
  walk();
  const entries = expectedSeq - 1;
  if (problems.length === 0 && keyring && keyedFromSeq === null) {
    problems.push({ kind: 'recomputed', seq: entries, reason: 'the chain has no keyed entries although this data folder has an audit key: it was rebuilt without the key' });
  }
  const lastSeq = (db.prepare('SELECT MAX(seq) FROM audit_log').pluck().get() as number | null) ?? 0;
  let checkpointsMatched = 0;
  for (const checkpoint of checkpoints) {
    const recorded = db.prepare('SELECT hash FROM audit_log WHERE seq = ?').pluck().get(checkpoint.seq) as string | undefined;
    if (checkpoint.seq > lastSeq) {
      problems.push({ kind: 'cut', seq: checkpoint.seq, reason: `the chain ends at entry ${lastSeq}, but ${checkpoint.source} records entry ${checkpoint.seq}: its end was cut` });
    } else if (recorded === undefined || !sameHex(recorded, checkpoint.hmac)) {
      problems.push({
        kind: 'recomputed',
        seq: checkpoint.seq,
        reason: `entry ${checkpoint.seq}'s HMAC differs from the one ${checkpoint.source} records: the chain was recomputed or replaced`,
      });
    } else {
      checkpointsMatched += 1;
    }
  }
  return { ok: problems.length === 0, entries, keyedFromSeq, keysUsed: keysUsed.size, checkpointsMatched, problems };
}
