import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { readCheckpointFile, appendCheckpoint } from '../audit/audit-checkpoints.ts';
import { AuditKeyring } from '../audit/audit-keys.ts';
import { type AuditVerification, type RecordedCheckpoint, auditHead, rotateAuditKey, useAuditKeys, verifyAuditChain } from '../audit/audit-log.ts';
import { type Db, openDatabase } from '../db/database.ts';
import { databaseFile } from '../server.ts';

function existingDatabase(dataDir: string): string {
  const file = databaseFile(path.resolve(dataDir));
  if (!existsSync(file)) throw new Error(`No Chamber database in ${dataDir}`);
  return file;
}

/** The chain heads recorded in published meetings (their feed entries; members' mirrors hold the same copies). */
function publishedCheckpoints(db: Db): RecordedCheckpoint[] {
  const rows = db
    .prepare("SELECT seq, payload FROM changes WHERE kind = 'meeting' AND op = 'upsert' AND payload LIKE '%\"auditCheckpoint\"%' ORDER BY seq")
    .all() as { seq: number; payload: string }[];
  const seen = new Set<string>();
  const checkpoints: RecordedCheckpoint[] = [];
  for (const row of rows) {
    const meeting = JSON.parse(row.payload) as { id: string; publishedVersion: number; auditCheckpoint?: { seq: number; hmac: string } };
    const key = `${meeting.id}/${meeting.publishedVersion}`;
    if (!meeting.auditCheckpoint || seen.has(key)) continue;
    seen.add(key);
    checkpoints.push({ ...meeting.auditCheckpoint, source: `meeting ${meeting.id} as published (version ${meeting.publishedVersion}, feed entry ${row.seq})` });
  }
  return checkpoints;
}

/**
 * Verifies the audit chain of a data folder, read-only (a running server may
 * keep writing), against the checkpoint file, the published meetings, and
 * any checkpoints the operator passes (`seq:hmac`, e.g. from a member's copy).
 */
export function verifyAuditLog(dataDir: string, givenCheckpoints: readonly string[] = []): AuditVerification {
  const file = existingDatabase(dataDir);
  const keyring = AuditKeyring.read(path.resolve(dataDir));
  const checkpointFile = readCheckpointFile(path.resolve(dataDir));
  const given = givenCheckpoints.map((text, index): RecordedCheckpoint => {
    const match = /^(\d+):([0-9a-f]{64})$/.exec(text.trim());
    if (!match) throw new Error(`--checkpoint takes SEQ:HMAC (an entry number and 64 hex digits), got "${text}"`);
    return { seq: Number(match[1]), hmac: match[2]!, source: `the checkpoint given on the command line (${index + 1})` };
  });
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const result = verifyAuditChain(db, keyring, [...checkpointFile.checkpoints, ...publishedCheckpoints(db), ...given]);
    for (const line of checkpointFile.unreadableLines) {
      result.problems.push({ kind: 'recomputed', seq: 0, reason: `line ${line} of the checkpoint file is not a checkpoint (edited or torn)` });
    }
    if (!keyring && checkpointFile.checkpoints.length > 0) {
      result.problems.push({ kind: 'recomputed', seq: 0, reason: 'the audit key file is missing although checkpoints were recorded; restore it from its backup' });
    }
    return { ...result, ok: result.problems.length === 0 };
  } finally {
    db.close();
  }
}

/** `audit rotate-key`: a new key for the chain from here on; the old ones stay in the key file for verify. */
export async function rotateAuditKeyOfDataDir(dataDir: string): Promise<{ fromKeyId: string; toKeyId: string; seq: number }> {
  const file = existingDatabase(dataDir);
  const keyring = await AuditKeyring.open(path.resolve(dataDir));
  const db = openDatabase(file);
  try {
    useAuditKeys(db, keyring);
    const rotated = await rotateAuditKey(db, keyring);
    const head = auditHead(db)!;
    await appendCheckpoint(path.resolve(dataDir), head);
    return { ...rotated, seq: head.seq };
  } finally {
    db.close();
  }
}
