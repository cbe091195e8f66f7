import type { FastifyBaseLogger } from 'fastify';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import type { Db } from '../db/database.ts';
import { type Viewer, userForToken, viewerOf } from '../store/accounts.ts';
import { awarenessSpeaksForSender } from './awareness-guard.ts';
import { type DocAccess, docAccess } from './doc-access.ts';
import { YjsPersistence } from './yjs-persistence.ts';

// y-websocket message types.
const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_QUERY_AWARENESS = 3;

/** A session in use over Yjs has its last-used time refreshed at most this often (as HTTP requests do). */
const TOUCH_EVERY_MS = 60_000;

interface Connection {
  socket: WebSocket;
  token: string;
  lastTouched: number;
  /** Awareness client ids this connection controls, removed when it closes. */
  clientIds: Set<number>;
}

class SharedDoc {
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness: awarenessProtocol.Awareness;
  readonly connections = new Set<Connection>();

  constructor(readonly name: string) {
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    // The server is not a participant: it has no awareness state of its own.
    this.awareness.setLocalState(null);
  }

  broadcast(message: Uint8Array): void {
    for (const connection of this.connections) send(connection.socket, message);
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
 * re-checked on every message (session still valid, role still held); writes
 * from read-only roles are dropped; a malformed message closes only its own
 * connection. Documents are loaded from SQLite on first use, persisted as an
 * update log (by a writer thread, batched per turn of the event loop),
 * compacted and unloaded when their last connection closes.
 */
export class YjsHub {
  private readonly docs = new Map<string, SharedDoc>();
  private readonly persistence: YjsPersistence;
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly log: FastifyBaseLogger,
  ) {
    this.persistence = new YjsPersistence(db, (error) => this.log.error({ err: error }, 'could not store Yjs updates'));
  }

  /**
   * Current access of the token's user to a document (none when the session ended). Reads only:
   * checked on every message, it must not wait on a write; `connect` and `handleMessage` refresh
   * the session's last-used time through the writer thread instead.
   */
  accessFor(token: string, docName: string): { access: DocAccess; viewer: Viewer | null } {
    const user = userForToken(this.db, token, new Date(), { touch: false });
    if (!user) return { access: 'none', viewer: null };
    const viewer = viewerOf(this.db, user);
    return { access: docAccess(this.db, viewer, docName), viewer };
  }

  connect(socket: WebSocket, token: string, docName: string): void {
    if (this.closed) return void socket.close(1001, 'server shutting down');
    const shared = this.open(docName);
    const connection: Connection = { socket, token, lastTouched: Date.now(), clientIds: new Set() };
    this.persistence.touchSession(token, new Date());
    shared.connections.add(connection);
    socket.binaryType = 'nodebuffer';

    socket.on('message', (data, isBinary) => {
      if (!isBinary) return socket.close(1003, 'binary messages only');
      try {
        this.handleMessage(shared, connection, new Uint8Array(data as Buffer));
      } catch (error) {
        this.log.warn({ docName, err: error }, 'malformed Yjs message; closing that connection');
        socket.close(1007, 'malformed message');
      }
    });
    socket.on('close', () => this.disconnect(shared, connection));
    socket.on('error', () => socket.terminate());

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
      for (const connection of connections) connection.socket.terminate();
    }
    this.docs.clear();
    await this.persistence.close();
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
      // Relay first; the log writer thread stores it right after this turn, batched, off this thread.
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.writeUpdate(encoder, update);
      shared.broadcast(encoding.toUint8Array(encoder));
      this.persistence.enqueue(docName, update);
    });
    shared.awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      const changed = [...added, ...updated, ...removed];
      const owner = [...shared.connections].find((c) => c.socket === origin);
      if (owner) {
        for (const id of added) owner.clientIds.add(id);
        for (const id of removed) owner.clientIds.delete(id);
      }
      shared.broadcast(awarenessMessage(shared.awareness, changed));
    });
    this.docs.set(docName, shared);
    return shared;
  }

  private handleMessage(shared: SharedDoc, connection: Connection, message: Uint8Array): void {
    const { access, viewer } = this.accessFor(connection.token, shared.name);
    if (access === 'none' || !viewer) {
      connection.socket.close(4003, 'access ended');
      return;
    }
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
          if (access === 'write') Y.applyUpdate(shared.doc, update, connection);
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

  private disconnect(shared: SharedDoc, connection: Connection): void {
    if (this.closed || !shared.connections.delete(connection)) return;
    awarenessProtocol.removeAwarenessStates(shared.awareness, [...connection.clientIds], null);
    if (shared.connections.size === 0) {
      // Unload when idle: the state is already in SQLite, update by update.
      this.unload(shared);
      this.docs.delete(shared.name);
    }
  }

  private unload(shared: SharedDoc): void {
    this.persistence.compact(shared.name);
    shared.awareness.destroy();
    shared.doc.destroy();
  }
}

function awarenessMessage(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(encoder);
}
