/**
 * The Yjs log writer thread: appends batches of updates to the council
 * database in one transaction each (synchronous=FULL, so one fsync per batch)
 * and compacts long logs, so the server's event loop never waits on the disk.
 * It is the only writer of `yjs_updates`, and refreshes the last-used time of
 * sessions in use over Yjs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { configureWritingConnection } from '../db/database.ts';
import { touchSession } from '../store/accounts.ts';
import { appendToLog, compactLog, logBytes } from './yjs-log.ts';

export type LogRequest =
  | { kind: 'write'; id: number; entries: Array<{ docName: string; update: Uint8Array }> }
  | { kind: 'compact'; id: number; docName: string }
  /** Keeps a session that is only used over Yjs from going idle, without a write on the hub's thread. */
  | { kind: 'touch'; id: number; token: string; at: string };
/** `logBytes`: the size of each document's log the request wrote or compacted, as it stands after the request. */
export type LogReply = { id: number; error: string | null; logBytes: Record<string, number> };

const db = new Database((workerData as { file: string }).file);
configureWritingConnection(db);

parentPort!.on('message', (request: LogRequest) => {
  let error: string | null = null;
  const sizes: Record<string, number> = {};
  try {
    if (request.kind === 'write') {
      db.transaction(() => {
        for (const { docName, update } of request.entries) appendToLog(db, docName, update);
      })();
      for (const docName of new Set(request.entries.map((entry) => entry.docName))) {
        compactLog(db, docName);
        sizes[docName] = logBytes(db, docName);
      }
    } else if (request.kind === 'compact') {
      compactLog(db, request.docName, true);
      sizes[request.docName] = logBytes(db, request.docName);
    } else {
      touchSession(db, request.token, new Date(request.at));
    }
  } catch (caught) {
    error = caught instanceof Error ? caught.message : String(caught);
  }
  parentPort!.postMessage({ id: request.id, error, logBytes: sizes } satisfies LogReply);
});
