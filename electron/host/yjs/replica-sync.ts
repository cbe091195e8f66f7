/**
 * Open Yjs replicas and their connections to the authority server.
 *
 * Each open replica is a Y.Doc loaded from the mirror (snapshot + log) and
 * kept in sync with `/yjs/<name>` by y-websocket's WebsocketProvider over `ws`.
 * Every change, local or remote, is stored before anything else sees it (a
 * renderer edit before `yjs.update` answers), and
 * the network is never waited on: offline edits stay in the mirror and the
 * y-protocols state-vector exchange on reconnect sends exactly what the server
 * lacks. A document the server refuses (403 at the upgrade) or closes on
 * purpose (`yjsCloseCodes`: session ended, access ended, too large, too many
 * messages) is reported as `refused` with the server's reason and not
 * retried; one closed because its session ended connects again once the
 * host has a new session (`resumeAfterSignIn`).
 */
import type { IncomingMessage } from 'node:http';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { BridgeError, type PresencePeer, type PresenceState, type YjsReplicaStatus } from '../../../common/bridge.ts';
import { yjsCloseCodes, yjsPaths } from '../../../common/wire.ts';
import type { HostLogger } from '../logger.ts';
import { ReplicaPresence } from './replica-presence.ts';
import type { ReplicaStore } from './replica-store.ts';

export interface ReplicaSyncOptions {
  store: ReplicaStore;
  serverUrl: string;
  /** The session token, or null before the first sign-in (the server then answers 401 and we retry later). */
  token: () => Promise<string | null>;
  logger: HostLogger;
  onRemoteUpdate: (docName: string, update: Uint8Array) => void;
  onStatus: (status: YjsReplicaStatus) => void;
  /** Other clients' valid awareness states on an open replica, whenever they change. */
  onPresence: (docName: string, peers: PresencePeer[]) => void;
  /** Longest wait between reconnect attempts. */
  maxBackoffMs?: number;
}

interface Replica {
  doc: Y.Doc;
  provider: WebsocketProvider;
  presence: ReplicaPresence;
  status: YjsReplicaStatus;
  /** Connects again if the server ended this replica's session and the host now has another; see `resumeAfterSignIn`. */
  resumeWithNewSession(): void;
}

/** Marks updates that came from the renderer (so they are not echoed back to it). */
const localEdit = Symbol('local edit');
/** Marks the replica's own state being loaded from the mirror (already stored). */
const loadedFromMirror = Symbol('loaded from mirror');

const tokenProtocolPrefix = 'chamber-token.';
/** Closes after which reconnecting cannot help (4003: "access ended" of servers before the close codes). */
const finalCloseCodes = new Set<number>([...Object.values(yjsCloseCodes), 4003]);

export class ReplicaSync {
  private readonly replicas = new Map<string, Replica>();
  private token: string | null = null;

  constructor(private readonly options: ReplicaSyncOptions) {}

  /** Loads the replica (once) and starts syncing it; answers its whole state. */
  open(docName: string): { update: Uint8Array; status: YjsReplicaStatus } {
    const replica = this.replicas.get(docName) ?? this.start(docName);
    // After the answer, so a renderer that subscribed before opening always gets one list.
    setImmediate(() => {
      if (this.replicas.get(docName) === replica) replica.presence.report(true);
    });
    return { update: Y.encodeStateAsUpdate(replica.doc), status: { ...replica.status } };
  }

  /** Applies a renderer edit: validated, stored, then sent by the provider when connected. */
  applyLocal(docName: string, update: Uint8Array): void {
    try {
      // Parses the whole update, so malformed bytes are refused before they touch the replica.
      Y.decodeUpdate(update);
    } catch {
      throw new BridgeError('invalid-arguments', 'The update is not a valid Yjs update');
    }
    const replica = this.replicas.get(docName) ?? this.start(docName);
    // Stored as received, before it is applied and acknowledged: the renderer's sends may overtake each
    // other, and an update that waits for an earlier one is held by Yjs in memory only, so storing what the
    // doc integrates (as for remote changes) could acknowledge an edit a crash then loses.
    this.options.store.append(docName, update);
    Y.applyUpdate(replica.doc, update, localEdit);
  }

  /** Sets this client's awareness state on an open replica (sent whenever connected). */
  setPresence(docName: string, state: PresenceState | null): void {
    const replica = this.replicas.get(docName);
    if (!replica) throw new BridgeError('not-found', `${docName} is not open; open it with yjs.open first`);
    replica.presence.set(state);
  }

  status(docName: string): YjsReplicaStatus {
    const replica = this.replicas.get(docName);
    return replica ? { ...replica.status } : { docName, connection: 'closed', message: null };
  }

  close(docName: string): void {
    const replica = this.replicas.get(docName);
    if (!replica) return;
    this.replicas.delete(docName);
    replica.presence.destroy();
    replica.provider.destroy();
    replica.provider.awareness.destroy();
    replica.doc.destroy();
  }

  closeAll(): void {
    for (const docName of [...this.replicas.keys()]) this.close(docName);
  }

  /** After a new sign-in (the sync engine's): replicas closed because their session ended connect with the new token. */
  resumeAfterSignIn(): void {
    void this.refreshToken().then(() => {
      for (const replica of this.replicas.values()) replica.resumeWithNewSession();
    });
  }

  private start(docName: string): Replica {
    const { store, logger } = this.options;
    const doc = new Y.Doc();
    Y.applyUpdate(doc, store.load(docName), loadedFromMirror);
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      // The renderer's edits were stored as they arrived (applyLocal).
      if (origin === localEdit) return;
      store.append(docName, update);
      this.options.onRemoteUpdate(docName, update);
    });

    let refusedStatus: number | null = null;
    /** The token of the latest attempt, and the one whose session the server ended, if it did. */
    let attemptToken: string | null = null;
    let endedSessionToken: string | null = null;
    const currentToken = (): string | null => this.token;
    // Reads the current token at each attempt (y-websocket fixes `protocols` at construction),
    // and notes an HTTP refusal at the upgrade, which `ws` otherwise only reports as text.
    class TokenSocket extends WebSocket {
      constructor(address: string | URL) {
        const token = currentToken();
        super(address, token === null ? [] : [tokenProtocolPrefix + token]);
        attemptToken = token;
      }
      override emit(event: string | symbol, ...args: unknown[]): boolean {
        if (event === 'unexpected-response') refusedStatus = (args[1] as IncomingMessage).statusCode ?? null;
        return super.emit(event, ...args);
      }
    }

    const base = new URL(yjsPaths.base, this.options.serverUrl).toString().replace(/^http/, 'ws');
    const provider = new WebsocketProvider(base, docName, doc, {
      connect: false,
      disableBc: true,
      WebSocketPolyfill: TokenSocket as unknown as typeof globalThis.WebSocket,
      maxBackoffTime: this.options.maxBackoffMs ?? 10_000,
      shouldReconnect: (event: { code: number }) => refusedStatus !== 403 && !finalCloseCodes.has(event.code),
    });
    const presence = new ReplicaPresence(provider.awareness, (peers) => this.options.onPresence(docName, peers));
    const replica: Replica = {
      doc,
      provider,
      presence,
      status: { docName, connection: 'connecting', message: null },
      resumeWithNewSession: () => {
        if (endedSessionToken === null || this.token === null || this.token === endedSessionToken) return;
        endedSessionToken = null;
        setStatus('connecting', null);
        provider.connect();
      },
    };
    const setStatus = (connection: YjsReplicaStatus['connection'], message: string | null): void => {
      if (replica.status.connection === connection && replica.status.message === message) return;
      replica.status = { docName, connection, message };
      this.options.onStatus({ ...replica.status });
    };

    provider.on('sync', (synced: boolean) => {
      if (synced) {
        refusedStatus = null;
        setStatus('online', null);
      }
    });
    provider.on('connection-close', () => {
      if (refusedStatus === 401) {
        setStatus('offline', 'Not signed in to the server yet');
        // A fresh token (after the sync engine signs in again) is used on the next attempt.
        void this.refreshToken();
      } else if (refusedStatus !== 403 && replica.status.connection !== 'refused') {
        setStatus('offline', null);
      }
    });
    provider.on('closed', ({ code, reason }: { code: number; reason: string }) => {
      if (code === yjsCloseCodes.sessionEnded) endedSessionToken = attemptToken;
      // The server's reason says why in words ("access ended: no longer a member of the committee").
      const message = refusedStatus === 403 ? 'The server does not share this document with you' : `Closed by the server: ${reason || `code ${code}`}`;
      logger.warn({ docName, code, reason, refusedStatus }, 'Yjs document refused by the server');
      setStatus('refused', message);
    });

    this.replicas.set(docName, replica);
    // Never wait on the network: the token is fetched in the background, then the provider connects.
    void this.refreshToken().then(() => {
      if (this.replicas.get(docName) === replica) provider.connect();
    });
    return replica;
  }

  private async refreshToken(): Promise<void> {
    try {
      this.token = await this.options.token();
    } catch (error) {
      this.options.logger.warn({ error }, 'Could not read the session token for Yjs');
    }
  }
}
