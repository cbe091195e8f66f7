import * as Y from 'yjs';
import type { Db } from '../db/database.ts';

/** Rows per document before the update log is folded into a single snapshot row. */
const COMPACT_AFTER = 200;

/** Persists Yjs documents as an append-only update log in SQLite, compacted now and then. */
export class YjsPersistence {
  constructor(private readonly db: Db) {}

  load(docName: string, doc: Y.Doc): void {
    const rows = this.db.prepare('SELECT update_data FROM yjs_updates WHERE doc_name = ? ORDER BY id').all(docName) as { update_data: Buffer }[];
    Y.transact(doc, () => {
      for (const row of rows) Y.applyUpdate(doc, new Uint8Array(row.update_data));
    }, 'persistence');
  }

  append(docName: string, update: Uint8Array): void {
    this.db.prepare('INSERT INTO yjs_updates (doc_name, update_data, created_at) VALUES (?, ?, ?)').run(docName, Buffer.from(update), new Date().toISOString());
  }

  /** Replaces the log with one update holding the whole state, when it has grown long. */
  compactIfLong(docName: string, doc: Y.Doc, force = false): void {
    const { n } = this.db.prepare('SELECT COUNT(*) AS n FROM yjs_updates WHERE doc_name = ?').get(docName) as { n: number };
    if (n <= 1 || (!force && n < COMPACT_AFTER)) return;
    const snapshot = Y.encodeStateAsUpdate(doc);
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM yjs_updates WHERE doc_name = ?').run(docName);
      this.append(docName, snapshot);
    })();
  }

  updateCount(docName: string): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM yjs_updates WHERE doc_name = ?').get(docName) as { n: number }).n;
  }
}
