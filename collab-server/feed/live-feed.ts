import type { WebSocket } from 'ws';
import { LiveFeedClientMessage, type LiveFeedMessage } from '../../common/wire.ts';
import type { AccessEvents } from '../access/access-events.ts';
import type { Db } from '../db/database.ts';
import { latestVisibleSeq } from './change-log.ts';

/** A meeting session follower: told the connection's user and how to send it the meeting's state. */
export interface SessionFollower {
  userId: string;
  /** Sends one message, already serialised as JSON. */
  send(json: string): void;
}
const MAX_CLIENT_MESSAGE_BYTES = 1024;
const HEARTBEAT_MS = 30_000;

interface Connection {
  socket: WebSocket;
  userId: string;
  lastPokedSeq: number;
  alive: boolean;
  /** The meeting whose session this connection follows (`follow-session`), if any. */
  followedMeetingId: string | null;
}

/**
 * Live change feed: after any change the server pokes each connected user for
 * whom something new is visible, with the latest seq; the client then reads
 * `GET /changes?since=`. Pokes carry no data, so filtering stays in one place.
 */
export class LiveFeedHub {
  private readonly connections = new Set<Connection>();
  private readonly heartbeat: NodeJS.Timeout;

  /** Called when a connection starts following a meeting, to send it the current state at once. */
  onFollow: (meetingId: string, follower: SessionFollower) => void = () => {};

  constructor(
    private readonly db: Db,
    private readonly accessEvents: AccessEvents,
  ) {
    this.heartbeat = setInterval(() => this.checkAlive(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  add(socket: WebSocket, userId: string, tokenSha256: string): void {
    const connection: Connection = { socket, userId, lastPokedSeq: 0, alive: true, followedMeetingId: null };
    this.connections.add(connection);
    // A session that ends (signed out or expired) ends its live connections; pokes are filtered per read anyway.
    const stopWatching = this.accessEvents.watch({
      tokenSha256,
      userId,
      sessionEnded: (why) => socket.close(4001, why === 'signed-out' ? 'signed out' : 'session expired'),
      membershipsChanged: () => {},
    });
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
      const message = LiveFeedClientMessage.safeParse(parsed);
      if (!message.success) return socket.close(1008, 'unknown message');
      if (message.data.type === 'follow-session') {
        connection.followedMeetingId = message.data.meetingId;
        this.onFollow(message.data.meetingId, this.followerOf(connection));
      } else if (message.data.type === 'unfollow-session') {
        connection.followedMeetingId = null;
      }
    });
    const forget = (): void => {
      this.connections.delete(connection);
      stopWatching();
    };
    socket.on('close', forget);
    socket.on('error', forget);
    this.pokeIfNew(connection, true);
  }

  /** Call after any append to the change log. */
  changed(): void {
    for (const connection of this.connections) this.pokeIfNew(connection, false);
  }

  /** The connections following a meeting's session. */
  sessionFollowers(meetingId: string): SessionFollower[] {
    return [...this.connections].filter((c) => c.followedMeetingId === meetingId).map((c) => this.followerOf(c));
  }

  private followerOf(connection: Connection): SessionFollower {
    return {
      userId: connection.userId,
      send: (json) => {
        if (connection.socket.readyState === connection.socket.OPEN) connection.socket.send(json);
      },
    };
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
