import type { FastifyBaseLogger } from 'fastify';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import { yjsCloseCodes } from '../../common/wire.ts';
import type { AccessEvents, SessionEnd } from '../access/access-events.ts';
import type { Db } from '../db/database.ts';
import { type Viewer, sha256Hex, userForToken, viewerOf } from '../store/accounts.ts';
import { awarenessSpeaksForSender } from './awareness-guard.ts';
import { type DocAccess, type DocAccessDecision, docAccess } from './doc-access.ts';
import { RateBucket, type YjsLimits } from './yjs-limits.ts';
import { logLength } from './yjs-log.ts';
import { YjsPersistence } from './yjs-persistence.ts';

// y-websocket message types.
const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_QUERY_AWARENESS = 3;

/** A session in use over Yjs has its last-used time refreshed at most this often (as HTTP requests do). */
const TOUCH_EVERY_MS = 60_000;
/**
 * A connection's access is re-checked, before relaying to it and before taking its message, when
 * the last check is older than this: the safety net under the events that re-check at once
 * (sign-out, membership changes, the minutes' workflow), so a paper withdrawn or made confidential
 * stops reaching a connection within a second too. Checking every message cost more than relaying it.
 */
const ACCESS_RECHECK_MS = 500;

interface Connection {
  socket: WebSocket;
  token: string;
  lastTouched: number;
  /** Awareness client ids this connection controls, removed when it closes. */
  clientIds: Set<number>;
  /** What it may do, and as whom, as last checked (performance.now() of the check). */
  access: DocAccess;
  viewer: Viewer | null;
  accessCheckedAt: number;
  /** Set once the server ended it: nothing more is sent to it or taken from it. */
  ended: boolean;
  messageRate: RateBucket;
  byteRate: RateBucket;
  stopWatching: () => void;
}

/** The origin of a client's update whose transaction holds nothing but what that client sent: not echoed to it. */
class SenderOrigin {
  constructor(readonly connection: Connection) {}
}

class SharedDoc {
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness: awarenessProtocol.Awareness;
  readonly connections = new Set<Connection>();
  /** The last measured size of the compacted state, and the log size it was measured at. */
  compactedMeasure: { atStoredBytes: number; compactedBytes: number } | null = null;

  constructor(readonly name: string) {
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    // The server is not a participant: it has no awareness state of its own.
    this.awareness.setLocalState(null);
  }
}

function send(socket: WebSocket, message: Uint8Array): void {
  if (socket.readyState !== socket.OPEN) return;
  socket.send(message, (error) => {
    if (error) socket.terminate();
  });
}

/**
 * The Yjs endpoint, compatible with y-websocket's WebsocketProvider. Access is
 * checked on a connection's messages and before anything is relayed to it
 * (cached for ACCESS_RECHECK_MS); a connection whose session ends or whose
 * user's memberships change (AccessEvents), or whose document's rule changes
 * (`recheckDocument`), is checked at once and closed with the reason when its
 * access is gone. Writes from read-only roles are
 * dropped; a malformed message, a flood (per-connection rate limit) or an
 * update past the document's size cap closes only its own connection.
 * Documents are loaded from SQLite on first use, persisted as an update log
 * (by a writer thread, batched every few milliseconds), compacted and
 * unloaded when their last connection closes.
 */
/** The origin of the server's own changes to a document (seeding the minutes, a vote block): stored and relayed like a client's. */
export const SERVER_ORIGIN = 'server';

/** Runs when a document is loaded into memory, before any connection syncs with it; changes it makes are the server's. */
export type DocumentLoadHook = (docName: string, doc: Y.Doc) => void;

export class YjsHub {
  private readonly docs = new Map<string, SharedDoc>();
  private readonly persistence: YjsPersistence;
  private readonly loadHooks: DocumentLoadHook[] = [];
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly log: FastifyBaseLogger,
    private readonly accessEvents: AccessEvents,
    private readonly limits: YjsLimits,
  ) {
    this.persistence = new YjsPersistence(db, (error) => this.log.error({ err: error }, 'could not store Yjs updates'));
  }

  /**
   * Current access of the token's user to a document (no viewer when the session ended). Reads
   * only: checked on every message, it must not wait on a write; `connect` and `handleMessage`
   * refresh the session's last-used time through the writer thread instead.
   */
  accessFor(token: string, docName: string): { decision: DocAccessDecision; viewer: Viewer | null } {
    const user = userForToken(this.db, token, new Date(), { touch: false });
    if (!user) return { decision: { access: 'none', denial: 'not-shared' }, viewer: null };
    const viewer = viewerOf(this.db, user);
    return { decision: docAccess(this.db, viewer, docName), viewer };
  }

  /** Serves an upgraded socket (checked again here: the route's check came before the upgrade). */
  connect(socket: WebSocket, token: string, docName: string): void {
    if (this.closed) return void socket.close(1001, 'server shutting down');
    const shared = this.open(docName);
    const connection: Connection = {
      socket,
      token,
      lastTouched: Date.now(),
      clientIds: new Set(),
      access: 'none',
      viewer: null,
      accessCheckedAt: 0,
      ended: false,
      messageRate: new RateBucket(this.limits.messagesPerSecond),
      byteRate: new RateBucket(this.limits.bytesPerSecond),
      stopWatching: () => {},
    };
    this.persistence.touchSession(token, new Date());
    shared.connections.add(connection);
    socket.binaryType = 'nodebuffer';

    socket.on('message', (data, isBinary) => {
      if (connection.ended) return;
      if (!isBinary) return socket.close(1003, 'binary messages only');
      const message = new Uint8Array(data as Buffer);
      if (!connection.messageRate.take(1) || !connection.byteRate.take(message.byteLength)) {
        const { messagesPerSecond, bytesPerSecond } = this.limits;
        return this.end(shared, connection, yjsCloseCodes.tooManyMessages, `too many messages: over ${messagesPerSecond} messages or ${bytesPerSecond} bytes a second`);
      }
      try {
        this.handleMessage(shared, connection, message);
      } catch (error) {
        this.log.warn({ docName, err: error }, 'malformed Yjs message; closing that connection');
        this.end(shared, connection, 1007, 'malformed message');
      }
    });
    socket.on('close', () => this.detach(shared, connection));
    socket.on('error', () => socket.terminate());
    const viewer = this.recheck(shared, connection);
    if (!viewer) return;
    connection.stopWatching = this.accessEvents.watch({
      tokenSha256: sha256Hex(token),
      userId: viewer.userId,
      sessionEnded: (why) => this.end(shared, connection, yjsCloseCodes.sessionEnded, sessionEndedReason[why]),
      membershipsChanged: () => this.recheck(shared, connection),
    });

    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(encoder, shared.doc);
    send(socket, encoding.toUint8Array(encoder));
    const states = shared.awareness.getStates();
    if (states.size > 0) send(socket, awarenessMessage(shared.awareness, [...states.keys()]));
  }

  /** Server shutdown: drop every connection, then store what is queued (compacted) before the database closes. */
  async close(): Promise<void> {
    this.closed = true;
    for (const shared of this.docs.values()) {
      const connections = [...shared.connections];
      shared.connections.clear();
      this.unload(shared);
      for (const connection of connections) {
        connection.stopWatching();
        connection.socket.terminate();
      }
    }
    this.docs.clear();
    await this.persistence.close();
  }

  /**
   * Adds a hook run on every document as it is loaded (first connection, or `withDocument` while
   * nobody has it open): the minutes are seeded there, so two clients can never both seed them.
   */
  onDocumentLoaded(hook: DocumentLoadHook): void {
    this.loadHooks.push(hook);
  }

  /**
   * Runs `use` on a document as the server, in one transaction, loading it (and running the load
   * hooks) when nobody has it open: what it changes is stored and relayed to every connection like
   * any client's update. A document nobody has open is unloaded (compacted) again afterwards.
   */
  withDocument<T>(docName: string, use: (doc: Y.Doc) => T): T {
    if (this.closed) throw new Error('The Yjs hub is shutting down');
    const shared = this.open(docName);
    try {
      return Y.transact(shared.doc, () => use(shared.doc), SERVER_ORIGIN);
    } finally {
      if (shared.connections.size === 0) {
        this.unload(shared);
        this.docs.delete(docName);
      }
    }
  }

  /** Resolves once every update queued so far (clients' and the server's own) is stored. */
  storeQueued(): Promise<void> {
    return this.persistence.drain();
  }

  /** Whether a document exists: open now, or with a stored log. */
  isKnown(docName: string): boolean {
    return this.docs.has(docName) || logLength(this.db, docName) > 0;
  }

  /** For tests and tools: how many update rows a document has in SQLite. */
  storedUpdateCount(docName: string): Promise<number> {
    return this.persistence.updateCount(docName);
  }

  private open(docName: string): SharedDoc {
    const existing = this.docs.get(docName);
    if (existing) return existing;
    const shared = new SharedDoc(docName);
    this.persistence.load(docName, shared.doc);
    shared.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === 'persistence') return;
      // Queued first (the log writer thread stores it shortly, off this thread), then relayed.
      this.persistence.enqueue(docName, update, origin === SERVER_ORIGIN);
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.writeUpdate(encoder, update);
      this.relay(shared, encoding.toUint8Array(encoder), origin instanceof SenderOrigin ? origin.connection : null);
    });
    shared.awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      const changed = [...added, ...updated, ...removed];
      const owner = [...shared.connections].find((c) => c.socket === origin);
      if (owner) {
        for (const id of added) owner.clientIds.add(id);
        for (const id of removed) owner.clientIds.delete(id);
      }
      this.relay(shared, awarenessMessage(shared.awareness, changed));
    });
    this.docs.set(docName, shared);
    for (const hook of this.loadHooks) {
      try {
        Y.transact(shared.doc, () => hook(docName, shared.doc), SERVER_ORIGIN);
      } catch (error) {
        this.log.error({ docName, err: error }, 'a document load hook failed');
      }
    }
    return shared;
  }

  /**
   * Sends to every connection that may still read the document (re-checked when its last check is
   * stale), except `sender`, whose own update this is.
   */
  private relay(shared: SharedDoc, message: Uint8Array, sender: Connection | null = null): void {
    const now = performance.now();
    for (const connection of shared.connections) {
      if (connection === sender) continue;
      if (now - connection.accessCheckedAt >= ACCESS_RECHECK_MS) this.recheck(shared, connection);
      if (!connection.ended) send(connection.socket, message);
    }
  }

  /** Checks the connection's access now; ends it with the reason when there is none. Answers the viewer when it may go on. */
  private recheck(shared: SharedDoc, connection: Connection): Viewer | null {
    if (connection.ended) return null;
    const { decision, viewer } = this.accessFor(connection.token, shared.name);
    connection.accessCheckedAt = performance.now();
    if (!viewer) {
      this.end(shared, connection, yjsCloseCodes.sessionEnded, 'session ended: sign in again');
      return null;
    }
    if (decision.access === 'none') {
      this.end(shared, connection, yjsCloseCodes.accessEnded, accessEndedReason[decision.denial]);
      return null;
    }
    connection.access = decision.access;
    connection.viewer = viewer;
    return viewer;
  }

  /**
   * Re-checks every open connection of a document now: what its access rule reads changed
   * (the minutes moved on in their workflow), so a write a moment later must meet the new rule.
   */
  recheckDocument(docName: string): void {
    const shared = this.docs.get(docName);
    if (!shared) return;
    for (const connection of [...shared.connections]) this.recheck(shared, connection);
  }

  /** Ends a connection on the server's side: nothing more reaches it, its presence goes, the client is told why. */
  private end(shared: SharedDoc, connection: Connection, code: number, reason: string): void {
    if (connection.ended) return;
    connection.ended = true;
    this.detach(shared, connection);
    connection.socket.close(code, reason);
  }

  /**
   * Whether `update` still fits the document's size cap. The log's size (known without
   * reading anything) decides most cases; near the cap, only what the document lacks counts, and
   * the log is measured as compaction would store it (then compacted, so the disk agrees).
   */
  private fitsUnderCap(shared: SharedDoc, update: Uint8Array): boolean {
    const max = this.limits.maxDocumentBytes;
    const stored = this.persistence.storedBytes(shared.name);
    if (stored + update.byteLength <= max) return true;
    const added = Y.diffUpdate(update, Y.encodeStateVector(shared.doc)).byteLength;
    if (stored + added <= max) return true;
    // Measured once per log size: repeated refusals of a full document cost nothing more.
    if (shared.compactedMeasure?.atStoredBytes !== stored) {
      shared.compactedMeasure = { atStoredBytes: stored, compactedBytes: Y.encodeStateAsUpdate(shared.doc).byteLength };
    }
    const { compactedBytes } = shared.compactedMeasure;
    if (compactedBytes + added > max) return false;
    this.persistence.compact(shared.name, compactedBytes);
    return true;
  }

  private handleMessage(shared: SharedDoc, connection: Connection, message: Uint8Array): void {
    // Checked again when the last check is stale; sign-out, membership changes and workflow steps re-check at once.
    const stale = performance.now() - connection.accessCheckedAt >= ACCESS_RECHECK_MS;
    const viewer = stale ? this.recheck(shared, connection) : connection.viewer;
    if (!viewer || connection.ended) return;
    const access = connection.access;
    if (Date.now() - connection.lastTouched > TOUCH_EVERY_MS) {
      connection.lastTouched = Date.now();
      this.persistence.touchSession(connection.token, new Date());
    }
    const decoder = decoding.createDecoder(message);
    const encoder = encoding.createEncoder();
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MESSAGE_SYNC: {
        encoding.writeVarUint(encoder, MESSAGE_SYNC);
        const syncType = decoding.readVarUint(decoder);
        if (syncType === syncProtocol.messageYjsSyncStep1) {
          syncProtocol.readSyncStep1(decoder, encoder, shared.doc);
        } else if (syncType === syncProtocol.messageYjsSyncStep2 || syncType === syncProtocol.messageYjsUpdate) {
          const update = decoding.readVarUint8Array(decoder);
          // Read-only roles may sync down but their changes are dropped.
          if (access === 'write') {
            if (!this.fitsUnderCap(shared, update)) {
              const reason = `document too large: it may store at most ${this.limits.maxDocumentBytes} bytes`;
              return this.end(shared, connection, yjsCloseCodes.documentTooLarge, reason);
            }
            // The sender already holds all its update carries, so it is not sent back (y-websocket's server
            // echoes it, doubling every author's traffic). Not so while the document waits on missing
            // updates: this one may complete them, and its transaction then carries others' changes too.
            const { pendingStructs, pendingDs } = shared.doc.store;
            Y.applyUpdate(shared.doc, update, pendingStructs === null && pendingDs === null ? new SenderOrigin(connection) : connection);
          }
        } else {
          throw new Error(`unknown sync message type ${syncType}`);
        }
        if (encoding.length(encoder) > 1) send(connection.socket, encoding.toUint8Array(encoder));
        break;
      }
      case MESSAGE_AWARENESS: {
        // Every role may show its presence (a read-only member still follows the presenter).
        const update = decoding.readVarUint8Array(decoder);
        const heldByOthers = (clientId: number): boolean =>
          [...shared.connections].some((other) => other !== connection && other.clientIds.has(clientId));
        if (awarenessSpeaksForSender(update, viewer.userId, heldByOthers)) {
          awarenessProtocol.applyAwarenessUpdate(shared.awareness, update, connection.socket);
        } else {
          this.log.warn({ docName: shared.name, userId: viewer.userId }, 'awareness update for someone else dropped');
        }
        break;
      }
      case MESSAGE_QUERY_AWARENESS:
        send(connection.socket, awarenessMessage(shared.awareness, [...shared.awareness.getStates().keys()]));
        break;
      default:
        throw new Error(`unknown message type ${type}`);
    }
  }

  /** Takes a connection out of its document (once): no more relays, its presence removed for the others. */
  private detach(shared: SharedDoc, connection: Connection): void {
    if (this.closed || !shared.connections.delete(connection)) return;
    connection.stopWatching();
    awarenessProtocol.removeAwarenessStates(shared.awareness, [...connection.clientIds], null);
    if (shared.connections.size === 0) {
      // Unload when idle: the state is already in SQLite, update by update.
      this.unload(shared);
      this.docs.delete(shared.name);
    }
  }

  private unload(shared: SharedDoc): void {
    this.persistence.compact(shared.name);
    this.persistence.release(shared.name);
    shared.awareness.destroy();
    shared.doc.destroy();
  }
}

const sessionEndedReason: Record<SessionEnd, string> = {
  'signed-out': 'session ended: signed out',
  expired: 'session ended: expired',
};

const accessEndedReason: Record<'not-a-member' | 'not-shared', string> = {
  'not-a-member': 'access ended: no longer a member of the committee',
  'not-shared': 'access ended: the document is no longer shared with you',
};

function awarenessMessage(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(encoder);
}
