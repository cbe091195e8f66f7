/**
 * A bare y-websocket client for tests of the server's Yjs endpoint: it sends
 * exactly the frames a test asks for, applies what the server relays to its
 * own Y.Doc and awareness, and reports how the server closed it (code and
 * reason). `roundTrip` makes waits deterministic: the server handles a
 * connection's frames in order, so once it answers a sync step 1, everything
 * sent before it was handled.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { yjsPaths } from '../../common/wire.ts';

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;

export interface ClosedBy {
  code: number;
  reason: string;
  /** performance.now() when the close arrived. */
  at: number;
}

/** An upgrade the server refused: its HTTP status and the message of its error body. */
export class UpgradeRefused extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`upgrade refused with HTTP ${status}: ${body}`);
  }
}

export class YjsSocket {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly closed: Promise<ClosedBy>;
  /** Sync updates the server relayed to this socket. */
  relayedUpdates = 0;
  private answered = 0;
  private readonly answerWaiters: Array<{ after: number; resolve: () => void }> = [];

  private constructor(private readonly socket: WebSocket) {
    this.awareness.setLocalState(null);
    this.closed = new Promise((resolve) => {
      socket.once('close', (code, reason) => {
        resolve({ code, reason: reason.toString('utf8'), at: performance.now() });
        this.awareness.destroy();
      });
    });
    socket.on('message', (data) => this.receive(new Uint8Array(data as Buffer)));
  }

  /** Opens `/yjs/<docName>` with the token; rejects with UpgradeRefused when the server refuses the upgrade. */
  static open(serverUrl: string, token: string, docName: string): Promise<YjsSocket> {
    const socket = new WebSocket(serverUrl.replace(/^http/, 'ws') + yjsPaths.doc(docName), [`chamber-token.${token}`]);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new YjsSocket(socket)));
      socket.once('unexpected-response', (_request, response) => {
        let body = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        response.on('end', () => reject(new UpgradeRefused(response.statusCode ?? 0, body)));
      });
      socket.once('error', reject);
    });
  }

  /** Changes the local doc and sends that change as one update frame. */
  write(change: (doc: Y.Doc) => void): void {
    const before = Y.encodeStateVector(this.doc);
    change(this.doc);
    this.sendUpdate(Y.encodeStateAsUpdate(this.doc, before));
  }

  sendUpdate(update: Uint8Array): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeUpdate(encoder, update);
    this.sendRaw(encoding.toUint8Array(encoder));
  }

  /** Announces this client's presence (the server relays it to the document's other readers). */
  setPresence(state: Record<string, unknown>): void {
    this.awareness.setLocalState(state);
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.doc.clientID]));
    this.sendRaw(encoding.toUint8Array(encoder));
  }

  sendRaw(frame: Uint8Array): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(frame);
  }

  /** Resolves 'answered' once the server answered a sync step 1 sent now (so it handled all sent before), or with how it closed. */
  async roundTrip(): Promise<'answered' | ClosedBy> {
    if (this.socket.readyState !== WebSocket.OPEN) return this.closed;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(encoder, this.doc);
    const answer = new Promise<'answered'>((resolve) => this.answerWaiters.push({ after: this.answered, resolve: () => resolve('answered') }));
    this.sendRaw(encoding.toUint8Array(encoder));
    return Promise.race([answer, this.closed]);
  }

  close(): void {
    this.socket.terminate();
    this.awareness.destroy();
    this.doc.destroy();
  }

  private receive(message: Uint8Array): void {
    const decoder = decoding.createDecoder(message);
    const type = decoding.readVarUint(decoder);
    if (type === MESSAGE_AWARENESS) {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), 'server');
      return;
    }
    if (type !== MESSAGE_SYNC) return;
    const syncType = decoding.readVarUint(decoder);
    const payload = decoding.readVarUint8Array(decoder);
    // The server's own step 1 (on connect) asks for our state; we only listen, so it goes unanswered.
    if (syncType === syncProtocol.messageYjsSyncStep1) return;
    Y.applyUpdate(this.doc, payload, 'server');
    if (syncType === syncProtocol.messageYjsUpdate) this.relayedUpdates += 1;
    if (syncType === syncProtocol.messageYjsSyncStep2) {
      this.answered += 1;
      for (const waiter of this.answerWaiters.splice(0)) {
        if (this.answered > waiter.after) waiter.resolve();
        else this.answerWaiters.push(waiter);
      }
    }
  }
}
