/**
 * The Yjs update log in SQLite (`yjs_updates`): the statements both the
 * server's main thread (loading) and the log writer thread (appending,
 * compacting) use.
 */
import * as Y from 'yjs';
import type { Db } from '../db/database.ts';

/** Rows per document before the update log is folded into a single snapshot row. */
export const COMPACT_AFTER = 200;

export function readLog(db: Db, docName: string): Uint8Array[] {
  const rows = db.prepare('SELECT update_data FROM yjs_updates WHERE doc_name = ? ORDER BY id').all(docName) as { update_data: Buffer }[];
  return rows.map((row) => new Uint8Array(row.update_data));
}

export function appendToLog(db: Db, docName: string, update: Uint8Array): void {
  db.prepare('INSERT INTO yjs_updates (doc_name, update_data, created_at) VALUES (?, ?, ?)').run(docName, Buffer.from(update), new Date().toISOString());
}

export function logLength(db: Db, docName: string): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM yjs_updates WHERE doc_name = ?').get(docName) as { n: number }).n;
}

/** Bytes of a document's update log (what the size cap counts). */
export function logBytes(db: Db, docName: string): number {
  return (db.prepare('SELECT COALESCE(SUM(LENGTH(update_data)), 0) AS n FROM yjs_updates WHERE doc_name = ?').get(docName) as { n: number }).n;
}

/**
 * Folds a long log (or any, when forced) into one update holding the whole state, in one
 * transaction. Applying to a doc and re-encoding also drops deleted content.
 */
export function compactLog(db: Db, docName: string, force = false): void {
  db.transaction(() => {
    const n = logLength(db, docName);
    if (n <= 1 || (!force && n < COMPACT_AFTER)) return;
    const doc = new Y.Doc();
    try {
      Y.transact(doc, () => {
        for (const update of readLog(db, docName)) Y.applyUpdate(doc, update);
      });
      const snapshot = Y.encodeStateAsUpdate(doc);
      db.prepare('DELETE FROM yjs_updates WHERE doc_name = ?').run(docName);
      appendToLog(db, docName, snapshot);
    } finally {
      doc.destroy();
    }
  })();
}
