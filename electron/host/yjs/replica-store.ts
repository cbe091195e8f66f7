/**
 * Persistence of Yjs replicas in the account's mirror (one mirror per account,
 * so replicas are per account by construction).
 *
 * Why an append log plus snapshots (as AFFiNE's nbstore does): appending one
 * small row per update keeps each edit durable at once without rewriting the
 * whole document; compaction later folds the log into a single snapshot so
 * loading stays fast and the file stays small. Which local edits the server
 * has not seen yet needs no bookkeeping: on every (re)connect the y-protocols
 * state-vector exchange sends exactly what the other side lacks.
 */
import type { Database } from 'better-sqlite3';
import * as Y from 'yjs';

export interface ReplicaStoreOptions {
  /** Fold a document's log into its snapshot once it holds more than this many updates. */
  compactAfter?: number;
  now?: () => string;
}

export class ReplicaStore {
  private readonly compactAfter: number;
  private readonly now: () => string;

  constructor(
    private readonly db: Database,
    options: ReplicaStoreOptions = {},
  ) {
    this.compactAfter = options.compactAfter ?? 200;
    this.now = options.now ?? (() => new Date().toISOString());
  }

  /** Appends one update (local or remote) durably; compacts when the log has grown long. */
  append(docName: string, update: Uint8Array): void {
    this.db
      .prepare('INSERT INTO yjs_updates (doc_name, "update", created_at) VALUES (?, ?, ?)')
      .run(docName, Buffer.from(update.buffer, update.byteOffset, update.byteLength), this.now());
    if (this.logLength(docName) > this.compactAfter) this.compact(docName);
  }

  /** The replica's whole state as one update (empty document if never stored). */
  load(docName: string): Uint8Array {
    const doc = this.loadDoc(docName);
    try {
      return Y.encodeStateAsUpdate(doc);
    } finally {
      doc.destroy();
    }
  }

  /** Number of updates in the log not yet folded into the snapshot. */
  logLength(docName: string): number {
    const row = this.db.prepare('SELECT count(*) AS n FROM yjs_updates WHERE doc_name = ?').get(docName) as { n: number };
    return row.n;
  }

  /**
   * Folds the log into the snapshot in one transaction. Applying to a doc and
   * re-encoding (rather than Y.mergeUpdates) also garbage-collects deleted content.
   */
  compact(docName: string): void {
    this.db.transaction(() => {
      const doc = this.loadDoc(docName);
      try {
        const state = Y.encodeStateAsUpdate(doc);
        this.db
          .prepare(
            `INSERT INTO yjs_snapshots (doc_name, state, updated_at) VALUES (?, ?, ?)
             ON CONFLICT (doc_name) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
          )
          .run(docName, Buffer.from(state.buffer, state.byteOffset, state.byteLength), this.now());
        this.db.prepare('DELETE FROM yjs_updates WHERE doc_name = ?').run(docName);
      } finally {
        doc.destroy();
      }
    })();
  }

  private loadDoc(docName: string): Y.Doc {
    const doc = new Y.Doc();
    const snapshot = this.db.prepare('SELECT state FROM yjs_snapshots WHERE doc_name = ?').get(docName) as { state: Buffer } | undefined;
    if (snapshot) Y.applyUpdate(doc, snapshot.state);
    const log = this.db.prepare('SELECT "update" AS u FROM yjs_updates WHERE doc_name = ? ORDER BY id').all(docName) as Array<{ u: Buffer }>;
    for (const row of log) Y.applyUpdate(doc, row.u);
    return doc;
  }
}
