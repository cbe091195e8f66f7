import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { type AuditVerification, verifyAuditChain } from '../audit/audit-log.ts';
import { databaseFile } from '../server.ts';

/** Verifies the audit chain of a data folder, read-only (a running server may keep writing). */
export function verifyAuditLog(dataDir: string): AuditVerification {
  const file = databaseFile(path.resolve(dataDir));
  if (!existsSync(file)) throw new Error(`No Chamber database in ${dataDir}`);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return verifyAuditChain(db);
  } finally {
    db.close();
  }
}
