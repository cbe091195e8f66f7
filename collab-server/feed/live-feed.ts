import type { WebSocket } from 'ws';
import { z } from 'zod';
import type { LiveFeedMessage } from '../../common/wire.ts';
import type { Db } from '../db/database.ts';
import { latestVisibleSeq } from './change-log.ts';

/** The only message a client may send on the live feed; anything else closes that connection. */
const ClientMessage = z.object({ type: z.literal('ping') }).strict();
const MAX_CLIENT_MESSAGE_BYTES = 1024;
const HEARTBEAT_MS = 30_000;

interface Connection {
  socket: WebSocket;
  userId: string;
  tokenSha256: string;
  lastPokedSeq: number;
  alive: boolean;
}

/**
 * Live change feed: after any change the server pokes each connected user for
 * whom something new is visible, with the latest seq; the client then reads
 * `GET /changes?since=`. Pokes carry no data, so filtering stays in one place.
 */
export class LiveFeedHub {
  private readonly connections = new Set<Connection>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(private readonly db: Db) {
    this.heartbeat = setInterval(() => this.checkAlive(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  add(socket: WebSocket, userId: string, tokenSha256: string): void {
    const connection: Connection = { socket, userId, tokenSha256, lastPokedSeq: 0, alive: true };
    this.connections.add(connection);
    socket.on('pong', () => {
      connection.alive = true;
    });
    socket.on('message', (data, isBinary) => {
      const size = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : (data as Buffer | ArrayBuffer).byteLength;
      if (isBinary || size > MAX_CLIENT_MESSAGE_BYTES) return socket.close(1009, 'message too big or binary');
      let parsed: unknown;
      try {
        parsed = JSON.parse(String(data));
      } catch {
        return socket.close(1007, 'invalid JSON');
      }
      if (!ClientMessage.safeParse(parsed).success) socket.close(1008, 'unknown message');
    });
    socket.on('close', () => this.connections.delete(connection));
    socket.on('error', () => this.connections.delete(connection));
    this.pokeIfNew(connection, true);
  }

  /** Call after any append to the change log. */
  changed(): void {
    for (const connection of this.connections) this.pokeIfNew(connection, false);
  }

  /** Signing out ends that session's live connections. */
  closeSession(tokenSha256: string): void {
    for (const connection of this.connections) {
      if (connection.tokenSha256 === tokenSha256) connection.socket.close(4001, 'signed out');
    }
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const connection of this.connections) connection.socket.terminate();
    this.connections.clear();
  }

  private pokeIfNew(connection: Connection, always: boolean): void {
    const seq = latestVisibleSeq(this.db, connection.userId, connection.lastPokedSeq);
    if (seq === null && !always) return;
    if (seq !== null) connection.lastPokedSeq = seq;
    const message: LiveFeedMessage = { type: 'poke', latestSeq: connection.lastPokedSeq };
    if (connection.socket.readyState === connection.socket.OPEN) connection.socket.send(JSON.stringify(message));
  }

  private checkAlive(): void {
    for (const connection of this.connections) {
      if (!connection.alive) {
        connection.socket.terminate();
        continue;
      }
      connection.alive = false;
      connection.socket.ping();
    }
  }
}
