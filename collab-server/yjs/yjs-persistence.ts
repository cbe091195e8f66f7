import { Worker } from 'node:worker_threads';
import * as Y from 'yjs';
import type { Db } from '../db/database.ts';
import type { LogReply, LogRequest } from './yjs-log-worker.ts';
import { logBytes, logLength, readLog } from './yjs-log.ts';

const workerUrl = new URL('./yjs-log-worker.ts', import.meta.url).href;
/** Worker threads do not inherit tsx's loader on Node 20, so the worker registers it before loading the TypeScript module. */
const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(workerUrl)}); })`;

/**
 * Updates arriving within this long of the first one queued go to the writer as one batch (one message, one
 * transaction, one fsync). At the pace people type every keystroke is its own batch, stored a few
 * milliseconds after it was relayed; under load the batches grow and the relay's thread and its core
 * are not spent on a message and an fsync per keystroke (issue #17). The window costs no durability
 * a client relies on: the sender still holds its update and sends it again on reconnect should the
 * server die first (see below). The server's own changes are sent to the writer at once.
 */
export const WRITE_BEHIND_MS = 5;

interface Entry {
  docName: string;
  update: Uint8Array;
}

/** Entries sent to the writer in one request, with their bytes per document (for `storedBytes`, without walking them). */
interface Batch {
  entries: Entry[];
  bytesByDoc: Map<string, number>;
}

/**
 * Persists Yjs documents as an append-only update log in SQLite, compacted now and then.
 *
 * Updates are written behind, off the event loop: those arriving within
 * WRITE_BEHIND_MS go to the log writer thread as one batch, which it stores in
 * one transaction (synchronous=FULL: one fsync per batch, never on the thread
 * relaying edits).
 * Until the writer confirms a batch its updates stay here, so a document
 * loaded in between still gets them. Should the server die first, nothing is
 * lost: the sending client still holds the update and the y-protocols
 * exchange on reconnect sends it again.
 */
export class YjsPersistence {
  private readonly worker: Worker;
  private queued: Batch = { entries: [], bytesByDoc: new Map() };
  /** Sent to the writer and not yet confirmed, by request id. */
  private readonly unconfirmed = new Map<number, Batch>();
  private readonly waiting = new Map<number, () => void>();
  private nextId = 1;
  private sendTimer: NodeJS.Timeout | null = null;
  /**
   * Per loaded document: its log's size in the database as last known, and the last request
   * that size includes. Later requests' and queued updates add to it (see `storedBytes`).
   */
  private readonly knownLogBytes = new Map<string, { bytes: number; throughRequest: number }>();

  constructor(
    private readonly db: Db,
    private readonly onError: (error: unknown) => void,
  ) {
    this.worker = new Worker(bootstrap, { eval: true, workerData: { file: db.name } });
    // Shutdown drains it (close()); it must not keep a process alive by itself.
    this.worker.unref();
    this.worker.on('message', (reply: LogReply) => {
      if (reply.error) this.onError(new Error(`storing Yjs updates failed: ${reply.error}`));
      for (const [docName, bytes] of Object.entries(reply.logBytes)) {
        const known = this.knownLogBytes.get(docName);
        // Replies come in order; one older than a measured compaction would undo it.
        if (known && reply.id >= known.throughRequest) this.knownLogBytes.set(docName, { bytes, throughRequest: reply.id });
      }
      this.unconfirmed.delete(reply.id);
      this.waiting.get(reply.id)?.();
      this.waiting.delete(reply.id);
    });
    this.worker.on('error', (error) => this.onError(error));
  }

  /** The stored log, plus updates still on their way to it. */
  load(docName: string, doc: Y.Doc): void {
    const pending = [...this.unconfirmed.values(), this.queued].flatMap((batch) => batch.entries).filter((entry) => entry.docName === docName);
    // Unconfirmed writes count as not yet stored: at worst counted twice until the writer's next reply.
    const throughRequest = Math.min(this.nextId, ...this.unconfirmed.keys()) - 1;
    this.knownLogBytes.set(docName, { bytes: logBytes(this.db, docName), throughRequest });
    Y.transact(doc, () => {
      for (const update of readLog(this.db, docName)) Y.applyUpdate(doc, update);
      for (const entry of pending) Y.applyUpdate(doc, entry.update);
    }, 'persistence');
  }

  /**
   * Queues an update to be stored with the others of the next WRITE_BEHIND_MS; `now` sends the queue
   * to the writer at once (the server's own changes, which no client holds yet).
   */
  enqueue(docName: string, update: Uint8Array, now = false): void {
    this.queued.entries.push({ docName, update });
    this.queued.bytesByDoc.set(docName, (this.queued.bytesByDoc.get(docName) ?? 0) + update.byteLength);
    if (now) this.send();
    else this.sendTimer ??= setTimeout(() => this.send(), WRITE_BEHIND_MS);
  }

  /**
   * Asks for a document's log to be folded into one row (after what is queued). `compactedBytes`,
   * when the caller measured it, stands for the log's size until the writer reports it.
   */
  compact(docName: string, compactedBytes?: number): void {
    this.send();
    const id = this.nextId++;
    if (compactedBytes !== undefined && this.knownLogBytes.has(docName)) this.knownLogBytes.set(docName, { bytes: compactedBytes, throughRequest: id });
    this.request({ kind: 'compact', id, docName });
  }

  /**
   * Bytes a loaded document's log holds once what is on its way is stored: the size the writer
   * last reported (after its compactions) plus the updates sent or queued since.
   */
  storedBytes(docName: string): number {
    const known = this.knownLogBytes.get(docName);
    if (!known) throw new Error(`${docName} is not loaded`);
    let bytes = known.bytes;
    for (const [id, batch] of this.unconfirmed) {
      if (id > known.throughRequest) bytes += batch.bytesByDoc.get(docName) ?? 0;
    }
    return bytes + (this.queued.bytesByDoc.get(docName) ?? 0);
  }

  /** The document was unloaded: its size is no longer followed. */
  release(docName: string): void {
    this.knownLogBytes.delete(docName);
  }

  /** Refreshes a session's last-used time on the writer thread. */
  touchSession(token: string, at: Date): void {
    this.request({ kind: 'touch', id: this.nextId++, token, at: at.toISOString() });
  }

  /** Resolves once everything queued so far is stored. */
  async drain(): Promise<void> {
    this.send();
    const id = this.nextId++;
    await new Promise<void>((resolve) => {
      this.waiting.set(id, resolve);
      this.worker.postMessage({ kind: 'write', id, entries: [] } satisfies LogRequest);
    });
  }

  /** Stores what is queued, then stops the writer. */
  async close(): Promise<void> {
    await this.drain();
    await this.worker.terminate();
  }

  /** For tests and tools: rows in a document's log, once what is queued is stored. */
  async updateCount(docName: string): Promise<number> {
    await this.drain();
    return logLength(this.db, docName);
  }

  private send(): void {
    if (this.sendTimer) clearTimeout(this.sendTimer);
    this.sendTimer = null;
    if (this.queued.entries.length === 0) return;
    const batch = this.queued;
    this.queued = { entries: [], bytesByDoc: new Map() };
    const id = this.nextId++;
    this.unconfirmed.set(id, batch);
    this.request({ kind: 'write', id, entries: batch.entries });
  }

  private request(request: LogRequest): void {
    this.worker.postMessage(request);
  }
}
