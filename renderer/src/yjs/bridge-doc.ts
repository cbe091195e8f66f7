/**
 * A Yjs document of the host's replica, mirrored in the renderer: every Yjs
 * document the renderer opens (annotation layers, minutes, …) goes through
 * here.
 *
 * `yjs.open` gives the replica's whole state; local edits go to the host with
 * `yjs.update`; the host's `yjs.update` events (remote changes) are applied
 * with an origin tag so they are not sent back. One Y.Doc per name is shared
 * by every user of it in this window (reference counted), because the host has
 * one replica per name and `yjs.close` closes it for everyone. When the events
 * channel comes back after a drop, or a send failed, the two sides exchange
 * whatever the other lacks (Yjs updates are idempotent). When the active
 * account changes, every open doc belongs to the account that closed: they
 * are retired (never reused, and never close a name in the new account's host).
 */
import * as Y from 'yjs';
import type { ChamberBridge, YjsReplicaStatus } from '../../../common/bridge.ts';
import { onBridgeReconnected } from '../bridge/index.ts';

/** Marks changes that came from the host, so they are not echoed back to it. */
const fromHost = Symbol('from host');

export interface BridgeDoc {
  readonly docName: string;
  readonly doc: Y.Doc;
  /** The replica's connection with the server, as last reported. */
  status(): YjsReplicaStatus;
  onStatus(listener: (status: YjsReplicaStatus) => void): () => void;
  /** Resolves once the replica's state has been loaded into `doc`. */
  readonly ready: Promise<void>;
  /** Gives this user's hold back; the last one closes the replica in the host. */
  release(): void;
}

/** How long a doc nobody holds stays open, so a quick re-open (a re-mounted view) does not close and reopen the replica. */
const closeDelayMs = 3000;

interface Entry {
  doc: Y.Doc;
  users: number;
  closeTimer: ReturnType<typeof setTimeout> | null;
  status: YjsReplicaStatus;
  statusListeners: Set<(status: YjsReplicaStatus) => void>;
  ready: Promise<void>;
  /** The account it was opened under has closed: the host already closed its replica. */
  retired: boolean;
  dispose: () => void;
}

const open = new WeakMap<ChamberBridge, Map<string, Entry>>();

function entriesOf(bridge: ChamberBridge): Map<string, Entry> {
  let entries = open.get(bridge);
  if (!entries) {
    const created = new Map<string, Entry>();
    entries = created;
    open.set(bridge, created);
    bridge.on('accounts.changed', () => {
      for (const entry of created.values()) {
        entry.retired = true;
        if (entry.users === 0) {
          if (entry.closeTimer) clearTimeout(entry.closeTimer);
          entry.dispose();
        }
      }
      created.clear();
    });
  }
  return entries;
}

/** Opens (or joins) the renderer's copy of a host replica. Call `release()` when done. */
export function openBridgeDoc(bridge: ChamberBridge, docName: string): BridgeDoc {
  const entries = entriesOf(bridge);
  let entry = entries.get(docName);
  if (!entry) {
    entry = startEntry(bridge, docName, () => entries.delete(docName));
    entries.set(docName, entry);
  }
  entry.users += 1;
  if (entry.closeTimer) clearTimeout(entry.closeTimer);
  entry.closeTimer = null;
  const held = entry;
  let released = false;
  return {
    docName,
    doc: held.doc,
    ready: held.ready,
    status: () => held.status,
    onStatus(listener) {
      held.statusListeners.add(listener);
      return () => held.statusListeners.delete(listener);
    },
    release() {
      if (released) return;
      released = true;
      held.users -= 1;
      if (held.users > 0) return;
      if (held.retired) held.dispose();
      else held.closeTimer = setTimeout(held.dispose, closeDelayMs);
    },
  };
}

function startEntry(bridge: ChamberBridge, docName: string, forget: () => void): Entry {
  const doc = new Y.Doc();
  let closed = false;
  let needsExchange = false;

  const entry: Entry = {
    doc,
    users: 0,
    closeTimer: null,
    retired: false,
    status: { docName, connection: 'connecting', message: null },
    statusListeners: new Set(),
    ready: Promise.resolve(),
    dispose: () => undefined,
  };
  const setStatus = (status: YjsReplicaStatus): void => {
    entry.status = status;
    entry.statusListeners.forEach((listener) => listener(status));
  };

  const send = (update: Uint8Array): void => {
    // The bridge's schema types bytes over a plain ArrayBuffer; Yjs's types allow a shared one.
    bridge.invoke('yjs.update', { docName, update: update as Uint8Array<ArrayBuffer> }).catch((error: unknown) => {
      // Kept in `doc`; the next exchange sends it.
      needsExchange = true;
      console.warn(`Could not send a change of ${docName} to the host`, error);
    });
  };
  const onLocalUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin !== fromHost && !closed && !entry.retired) send(update);
  };
  doc.on('update', onLocalUpdate);

  // Subscribed before opening, so nothing arriving in between is missed (Yjs applies updates in any order).
  const offUpdate = bridge.on('yjs.update', (payload) => {
    if (payload.docName === docName && !closed && !entry.retired) Y.applyUpdate(doc, payload.update, fromHost);
  });
  /** Counts status events, so an answer to `yjs.open` older than the last event does not win over it. */
  let statusEvents = 0;
  const offStatus = bridge.on('yjs.status', (status) => {
    if (status.docName !== docName || closed || entry.retired) return;
    statusEvents += 1;
    setStatus(status);
  });

  /** Loads the host's state and sends it whatever it lacks of ours. */
  const exchange = async (): Promise<void> => {
    const eventsBefore = statusEvents;
    const opened = await bridge.invoke('yjs.open', { docName });
    if (closed) return;
    Y.applyUpdate(doc, opened.update, fromHost);
    // Events and answers travel separately (a WebSocket and HTTP in browser mode): the newer one wins.
    if (statusEvents === eventsBefore) setStatus(opened.status);
    const hostVector = Y.encodeStateVectorFromUpdate(opened.update);
    const missing = Y.encodeStateAsUpdate(doc, hostVector);
    // An update that carries nothing is two zero bytes (no structs, empty delete set).
    if (missing.byteLength > 2) send(missing);
  };

  entry.ready = exchange();
  entry.ready.catch((error: unknown) => {
    needsExchange = true;
    console.warn(`Could not open ${docName}`, error);
  });
  const offReconnected = onBridgeReconnected(() => {
    needsExchange = false;
    exchange().catch(() => (needsExchange = true));
  });
  // A failed send or open is retried on the next status event (the host or server came back).
  const offRetry = bridge.on('sync.status', () => {
    if (!needsExchange || closed) return;
    needsExchange = false;
    exchange().catch(() => (needsExchange = true));
  });

  entry.dispose = () => {
    if (closed) return;
    closed = true;
    if (!entry.retired) forget();
    offUpdate();
    offStatus();
    offReconnected();
    offRetry();
    doc.off('update', onLocalUpdate);
    doc.destroy();
    if (!entry.retired) bridge.invoke('yjs.close', { docName }).catch(() => undefined);
  };
  return entry;
}
