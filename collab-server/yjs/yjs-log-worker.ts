/**
 * The Yjs log writer thread: appends batches of updates to the council
 * database, all the batches waiting when it starts in one transaction
 * (synchronous=FULL, so one fsync for them all: group commit), each
 * document's part as one update, and compacts long logs, so the server's
 * event loop never waits on the disk.
 * It is the only writer of `yjs_updates`, and refreshes the last-used time of
 * sessions in use over Yjs.
 */
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { configureWritingConnection } from '../db/database.ts';
import { touchSession } from '../store/accounts.ts';
import { type LogShape, appendToLog, compactLog, readLog, readLogShape, replaceLog, worthCompacting } from './yjs-log.ts';
import { runAtBackgroundPriority } from '../../common/node/background-priority.ts';

runAtBackgroundPriority();

export type LogRequest =
  | { kind: 'write'; id: number; entries: Array<{ docName: string; update: Uint8Array }> }
  | { kind: 'compact'; id: number; docName: string }
  /** Keeps a session that is only used over Yjs from going idle, without a write on the hub's thread. */
  | { kind: 'touch'; id: number; token: string; at: string };
/** `logBytes`: the size of each document's log the request wrote or compacted, as it stands after the request. */
export type LogReply = { id: number; error: string | null; logBytes: Record<string, number> };

const db = new Database((workerData as { file: string }).file);
configureWritingConnection(db);

/**
 * Each written document's log shape, followed here (this thread is the only writer) so a batch
 * costs its inserts and not a scan of the whole log: the scans ran on every batch, and with a
 * keystroke per batch they kept this thread busy on a core the relay needs. Read again after a
 * compaction or a failed write.
 */
const shapes = new Map<string, LogShape>();

function shapeOf(docName: string): LogShape {
  let shape = shapes.get(docName);
  if (!shape) {
    shape = readLogShape(db, docName);
    shapes.set(docName, shape);
  }
  return shape;
}

/**
 * Each document this thread writes, as stored so far. A batch is applied to it in one Yjs
 * transaction, whose update is the row stored: consecutive keystrokes become one item, so the row is
 * a tenth of what Y.mergeUpdates makes of them, at half its cost. Folding a long log is then encoding
 * this replica, not reading the log back and re-applying every row. Dropped when the hub has the log
 * compacted (it unloaded the document, or measured it near its cap) and after a failed write; read
 * from the log again on the next write.
 */
const replicas = new Map<string, Y.Doc>();

function replicaOf(docName: string): Y.Doc {
  let doc = replicas.get(docName);
  if (!doc) {
    doc = new Y.Doc();
    const loading = doc;
    Y.transact(loading, () => {
      for (const update of readLog(db, docName)) Y.applyUpdate(loading, update);
    });
    replicas.set(docName, doc);
  }
  return doc;
}

function forget(docName: string): void {
  replicas.get(docName)?.destroy();
  replicas.delete(docName);
  shapes.delete(docName);
}

/**
 * The rows that store a document's part of a batch: the update of one transaction applying it to the
 * replica, none when it added nothing new. The hub sends updates in the order its document integrated
 * them, so none waits on a missing one; should one ever, the updates are stored as they came, so
 * nothing is lost, and the replica is read again.
 */
function rowsFor(docName: string, updates: Uint8Array[]): Uint8Array[] {
  const doc = replicaOf(docName);
  let combined: Uint8Array | null = null;
  const capture = (update: Uint8Array): void => {
    combined = update;
  };
  doc.on('update', capture);
  try {
    Y.transact(doc, () => {
      for (const update of updates) Y.applyUpdate(doc, update);
    });
  } finally {
    doc.off('update', capture);
  }
  if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) {
    forget(docName);
    return updates;
  }
  return combined ? [combined] : [];
}

/** Folds a document's log into one row: from the replica when this thread has one, else by reading the log. */
function fold(docName: string): void {
  const replica = replicas.get(docName);
  if (replica) replaceLog(db, docName, Y.encodeStateAsUpdate(replica));
  else compactLog(db, docName, true);
}

/** Runs one request; writes are done by `writeGroup`. */
function handle(request: Exclude<LogRequest, { kind: 'write' }>): Record<string, number> {
  if (request.kind === 'compact') {
    fold(request.docName);
    // The document was unloaded (or is near its cap): not followed until it is written again.
    forget(request.docName);
    return { [request.docName]: readLogShape(db, request.docName).bytes };
  }
  touchSession(db, request.token, new Date(request.at));
  return {};
}

/**
 * Stores the entries of consecutive write requests in one transaction (one fsync for all of them:
 * group commit), each document's entries as one row (see `replicas`), then folds each document's
 * log that grew long. Every request of the group is
 * answered with the sizes after the whole group: for the hub's size cap, the later requests' updates
 * are then counted twice until their own answer arrives — too much, never too little.
 */
function writeGroup(requests: Extract<LogRequest, { kind: 'write' }>[]): Record<string, number> {
  const updatesByDoc = new Map<string, Uint8Array[]>();
  for (const request of requests) {
    for (const { docName, update } of request.entries) {
      const updates = updatesByDoc.get(docName);
      if (updates) updates.push(update);
      else updatesByDoc.set(docName, [update]);
    }
  }
  const docNames = [...updatesByDoc.keys()];
  const rows = new Map<string, Uint8Array[]>();
  try {
    for (const [docName, updates] of updatesByDoc) {
      shapeOf(docName);
      rows.set(docName, rowsFor(docName, updates));
    }
    db.transaction(() => {
      for (const [docName, docRows] of rows) for (const row of docRows) appendToLog(db, docName, row);
    })();
  } catch (error) {
    // The replicas may hold what was not stored.
    for (const docName of docNames) forget(docName);
    throw error;
  }
  for (const [docName, docRows] of rows) {
    const shape = shapeOf(docName);
    for (const row of docRows) {
      if (shape.rows === 0) shape.firstBytes = row.byteLength;
      shape.rows += 1;
      shape.bytes += row.byteLength;
    }
  }
  const sizes: Record<string, number> = {};
  for (const docName of docNames) {
    if (worthCompacting(shapeOf(docName))) {
      fold(docName);
      shapes.set(docName, readLogShape(db, docName));
    }
    sizes[docName] = shapeOf(docName).bytes;
  }
  return sizes;
}

function answer(requests: LogRequest[], run: () => Record<string, number>): void {
  let error: string | null = null;
  let sizes: Record<string, number> = {};
  try {
    sizes = run();
  } catch (caught) {
    error = caught instanceof Error ? caught.message : String(caught);
  }
  for (const request of requests) parentPort!.postMessage({ id: request.id, error, logBytes: sizes } satisfies LogReply);
}

parentPort!.on('message', (first: LogRequest) => {
  // Everything that arrived while the last transaction was being synced is taken now, in order: when
  // updates come faster than the disk syncs, they share a commit instead of queueing one fsync each.
  const requests = [first];
  for (let next = receiveMessageOnPort(parentPort!); next; next = receiveMessageOnPort(parentPort!)) requests.push(next.message as LogRequest);
  let writes: Extract<LogRequest, { kind: 'write' }>[] = [];
  const flushWrites = () => {
    if (writes.length === 0) return;
    const group = writes;
    writes = [];
    answer(group, () => writeGroup(group));
  };
  for (const request of requests) {
    if (request.kind === 'write') {
      writes.push(request);
      continue;
    }
    flushWrites();
    answer([request], () => handle(request));
  }
  flushWrites();
});
