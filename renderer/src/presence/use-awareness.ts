/**
 * This window's presence on one Yjs document, and everyone else's: holds the
 * document open (through the shared renderer copy, so other users of it are
 * not disturbed), sends our state (at most every 250 ms, last wins) and keeps
 * the host's `yjs.awareness` list of other people, one entry per person.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ChamberBridge, PresencePeer, PresenceState } from '../../../common/bridge.ts';
import { onBridgeReconnected } from '../bridge/index.ts';
import { useBridge } from '../bridge/context.tsx';
import { openBridgeDoc } from '../yjs/bridge-doc.ts';
import { throttleLatest } from './throttle.ts';

const sendIntervalMs = 250;

/**
 * Sends per document go one after another: over HTTP (browser mode) two calls may
 * otherwise overtake each other, and a leave (null) overtaking a re-join would hide us.
 */
const lastSend = new Map<string, Promise<unknown>>();
function inOrder(docName: string, send: () => Promise<unknown>): Promise<unknown> {
  const next = (lastSend.get(docName) ?? Promise.resolve()).catch(() => undefined).then(send);
  lastSend.set(docName, next);
  void next.finally(() => {
    if (lastSend.get(docName) === next) lastSend.delete(docName);
  }).catch(() => undefined);
  return next;
}

export function useAwareness(docName: string | null, state: PresenceState | null): PresencePeer[] {
  const bridge = useBridge();
  const [peers, setPeers] = useState<PresencePeer[]>([]);
  const latest = useRef(state);
  latest.current = state;
  const shared = useRef<SharedPresence | null>(null);

  useEffect(() => {
    if (!docName) return;
    setPeers([]);
    const presence = sharePresence(bridge, docName, () => latest.current);
    shared.current = presence;
    const offPeers = bridge.on('yjs.awareness', (payload) => {
      if (payload.docName === docName) setPeers(payload.peers);
    });
    return () => {
      offPeers();
      if (shared.current === presence) shared.current = null;
      presence.leave();
    };
  }, [bridge, docName]);

  const stateKey = JSON.stringify(state);
  useEffect(() => {
    shared.current?.update();
  }, [stateKey]);

  const ownId = state?.userId;
  return useMemo(() => onePerPerson(peers, ownId), [peers, ownId]);
}

/** This window's presence on one document, kept open until `leave()`. */
export interface SharedPresence {
  /** Sends the current state (throttled: the latest wins). */
  update(): void;
  /** Leaves at once (others stop seeing us) and gives the document back. */
  leave(): void;
}

/**
 * Shares `current()` as this window's presence on `docName`: sent now, on every `update()` (at most every
 * 250 ms, last wins) and again after the host was restarted; cleared on `leave()`.
 */
export function sharePresence(bridge: ChamberBridge, docName: string, current: () => PresenceState | null): SharedPresence {
  const held = openBridgeDoc(bridge, docName);
  const set = (value: PresenceState | null): Promise<unknown> =>
    inOrder(docName, () => bridge.invoke('yjs.awareness.set', { docName, state: value }));
  // The replica must be open in the host before the first send.
  const opened = held.ready.catch(() => undefined);
  const throttled = throttleLatest((value: PresenceState | null) => {
    inOrder(docName, () => opened.then(() => bridge.invoke('yjs.awareness.set', { docName, state: value }))).catch((error: unknown) =>
      console.warn(`Could not share presence on ${docName}`, error),
    );
  }, sendIntervalMs);
  throttled(current());
  // A restarted host has forgotten our state: open the replica again and say it again.
  const offReconnected = onBridgeReconnected(() => {
    bridge
      .invoke('yjs.open', { docName })
      .then(() => set(current()))
      .catch(() => undefined);
  });
  let left = false;
  return {
    update: () => {
      if (!left) throttled(current());
    },
    leave: () => {
      if (left) return;
      left = true;
      offReconnected();
      throttled.cancel();
      // Leave at once (not throttled) so others stop seeing us here.
      set(null)
        .catch(() => undefined)
        .finally(() => held.release());
    },
  };
}

/** One entry per person (someone may have the document open in two windows), never ourselves. */
function onePerPerson(peers: PresencePeer[], ownId: string | undefined): PresencePeer[] {
  const byUser = new Map<string, PresencePeer>();
  for (const peer of peers) {
    if (peer.state.userId === ownId) continue;
    if (!byUser.has(peer.state.userId)) byUser.set(peer.state.userId, peer);
  }
  return [...byUser.values()].sort((a, b) => a.state.name.localeCompare(b.state.name));
}
