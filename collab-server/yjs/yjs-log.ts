/**
 * The Yjs update log in SQLite (`yjs_updates`): the statements both the
 * server's main thread (loading) and the log writer thread (appending,
 * compacting) use.
 */
import type { Statement } from 'better-sqlite3';
import * as Y from 'yjs';
import type { Db } from '../db/database.ts';

/**
 * Rows per document before the update log may be folded into a single snapshot row; it is
 * folded once the rows after the last snapshot also hold as many bytes as the snapshot itself.
 * Folding encodes the whole document on the writer thread, on a core the relay shares: a fixed
 * row count meant doing it every 200 keystrokes, which was most of the relay's tail latency
 * (issue #17). Tied to the snapshot's size, the work is amortised over the bytes written, and the
 * log stays under about twice what compaction would store. Unloading a document still compacts it fully.
 */
export const COMPACT_AFTER = 200;

export function readLog(db: Db, docName: string): Uint8Array[] {
  const rows = db.prepare('SELECT update_data FROM yjs_updates WHERE doc_name = ? ORDER BY id').all(docName) as { update_data: Buffer }[];
  return rows.map((row) => new Uint8Array(row.update_data));
}

/** Each connection's append statement, prepared once: the writer thread appends every keystroke, and compiling the SQL each time cost more than the insert. */
const appendStatements = new WeakMap<Db, Statement<[string, Buffer, string]>>();

export function appendToLog(db: Db, docName: string, update: Uint8Array): void {
  let append = appendStatements.get(db);
  if (!append) {
    append = db.prepare('INSERT INTO yjs_updates (doc_name, update_data, created_at) VALUES (?, ?, ?)');
    appendStatements.set(db, append);
  }
  append.run(docName, Buffer.from(update), new Date().toISOString());
}

export function logLength(db: Db, docName: string): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM yjs_updates WHERE doc_name = ?').get(docName) as { n: number }).n;
}

/** Bytes of a document's update log (what the size cap counts). */
export function logBytes(db: Db, docName: string): number {
  return (db.prepare('SELECT COALESCE(SUM(LENGTH(update_data)), 0) AS n FROM yjs_updates WHERE doc_name = ?').get(docName) as { n: number }).n;
}

/** A document's log as the writer follows it: rows, bytes, and the bytes of its first row (the last snapshot, once compacted). */
export interface LogShape {
  rows: number;
  bytes: number;
  firstBytes: number;
}

export function readLogShape(db: Db, docName: string): LogShape {
  const totals = db.prepare('SELECT COUNT(*) AS rows, COALESCE(SUM(LENGTH(update_data)), 0) AS bytes FROM yjs_updates WHERE doc_name = ?').get(docName) as { rows: number; bytes: number };
  const first = db.prepare('SELECT LENGTH(update_data) AS n FROM yjs_updates WHERE doc_name = ? ORDER BY id LIMIT 1').get(docName) as { n: number } | undefined;
  return { ...totals, firstBytes: first?.n ?? 0 };
}

/** Whether a log has grown enough to be folded (see COMPACT_AFTER). */
export function worthCompacting(shape: LogShape): boolean {
  return shape.rows >= COMPACT_AFTER && shape.bytes - shape.firstBytes >= shape.firstBytes;
}

/**
 * Folds a long log (or any, when forced) into one update holding the whole state, in one
 * transaction. Applying to a doc and re-encoding also drops deleted content.
 */
export function compactLog(db: Db, docName: string, force = false): void {
  db.transaction(() => {
    const n = logLength(db, docName);
    if (n <= 1 || (!force && !worthCompacting(readLogShape(db, docName)))) return;
    const doc = new Y.Doc();
    try {
      Y.transact(doc, () => {
        for (const update of readLog(db, docName)) Y.applyUpdate(doc, update);
      });
      replaceLog(db, docName, Y.encodeStateAsUpdate(doc));
    } finally {
      doc.destroy();
    }
  })();
}

/** Replaces a document's whole log with one update holding its state, in one transaction. */
export function replaceLog(db: Db, docName: string, snapshot: Uint8Array): void {
  db.transaction(() => {
    db.prepare('DELETE FROM yjs_updates WHERE doc_name = ?').run(docName);
    appendToLog(db, docName, snapshot);
  })();
}
