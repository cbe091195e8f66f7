import * as Y from 'yjs';
import type { Db } from '../db/database.ts';

/** Rows per document before the update log is folded into a single snapshot row. */
const COMPACT_AFTER = 200;

/**
 * Persists Yjs documents as an append-only update log in SQLite, compacted now and then.
 *
 * Updates are written behind: those arriving in one turn of the event loop go
 * to SQLite together in one transaction (one fsync under synchronous=FULL)
 * right after the turn, so relaying an edit never waits for the disk. Nothing
 * is lost if the server dies in between: the sending client still holds the
 * update and the y-protocols exchange on reconnect sends it again.
 */
export class YjsPersistence {
  private readonly queued = new Map<string, { doc: Y.Doc; updates: Uint8Array[] }>();
  private flushScheduled = false;

  constructor(
    private readonly db: Db,
    private readonly onError: (error: unknown) => void = (error) => {
      throw error;
    },
  ) {}

  load(docName: string, doc: Y.Doc): void {
    const rows = this.db.prepare('SELECT update_data FROM yjs_updates WHERE doc_name = ? ORDER BY id').all(docName) as { update_data: Buffer }[];
    Y.transact(doc, () => {
      for (const row of rows) Y.applyUpdate(doc, new Uint8Array(row.update_data));
    }, 'persistence');
  }

  append(docName: string, update: Uint8Array): void {
    this.db.prepare('INSERT INTO yjs_updates (doc_name, update_data, created_at) VALUES (?, ?, ?)').run(docName, Buffer.from(update), new Date().toISOString());
  }

  /** Queues an update of `doc` to be stored (with the others of this turn) right after the current turn. */
  enqueue(docName: string, update: Uint8Array, doc: Y.Doc): void {
    const entry = this.queued.get(docName);
    if (entry) entry.updates.push(update);
    else this.queued.set(docName, { doc, updates: [update] });
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      try {
        this.flush();
      } catch (error) {
        this.onError(error);
      }
    });
  }

  /** Stores every queued update now, in one transaction, then compacts the logs that grew long. */
  flush(): void {
    this.flushScheduled = false;
    if (this.queued.size === 0) return;
    const batch = [...this.queued];
    this.queued.clear();
    this.db.transaction(() => {
      for (const [docName, { updates }] of batch) for (const update of updates) this.append(docName, update);
    })();
    for (const [docName, { doc }] of batch) this.compactIfLong(docName, doc);
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
