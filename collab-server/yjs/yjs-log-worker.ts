/**
 * The Yjs log writer thread: appends batches of updates to the council
 * database, all the batches waiting when it starts in one transaction
 * (synchronous=FULL, so one fsync for them all: group commit), and compacts
 * long logs, so the server's event loop never waits on the disk.
 * It is the only writer of `yjs_updates`, and refreshes the last-used time of
 * sessions in use over Yjs.
 */
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { configureWritingConnection } from '../db/database.ts';
import { touchSession } from '../store/accounts.ts';
import { type LogShape, appendToLog, compactLog, readLogShape, worthCompacting } from './yjs-log.ts';

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

/** Runs one request; writes are done by `writeGroup`. */
function handle(request: Exclude<LogRequest, { kind: 'write' }>): Record<string, number> {
  if (request.kind === 'compact') {
    compactLog(db, request.docName, true);
    // Forced on unload: the document is not followed until it is written again.
    const { bytes } = readLogShape(db, request.docName);
    shapes.delete(request.docName);
    return { [request.docName]: bytes };
  }
  touchSession(db, request.token, new Date(request.at));
  return {};
}

/**
 * Stores the entries of consecutive write requests in one transaction (one fsync for all of them:
 * group commit), then compacts each document's log that grew long. Every request of the group is
 * answered with the sizes after the whole group: for the hub's size cap, the later requests' updates
 * are then counted twice until their own answer arrives — too much, never too little.
 */
function writeGroup(requests: Extract<LogRequest, { kind: 'write' }>[]): Record<string, number> {
  const docNames = new Set(requests.flatMap((request) => request.entries.map((entry) => entry.docName)));
  try {
    db.transaction(() => {
      for (const docName of docNames) shapeOf(docName);
      for (const request of requests) for (const { docName, update } of request.entries) appendToLog(db, docName, update);
    })();
  } catch (error) {
    for (const docName of docNames) shapes.delete(docName);
    throw error;
  }
  for (const request of requests) {
    for (const { docName, update } of request.entries) {
      const shape = shapeOf(docName);
      if (shape.rows === 0) shape.firstBytes = update.byteLength;
      shape.rows += 1;
      shape.bytes += update.byteLength;
    }
  }
  const sizes: Record<string, number> = {};
  for (const docName of docNames) {
    if (worthCompacting(shapeOf(docName))) {
      compactLog(db, docName, true);
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
