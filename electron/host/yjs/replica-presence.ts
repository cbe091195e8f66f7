/**
 * Presence on one open replica: this client's awareness state, set by the
 * renderer, and every other client's, validated and reported as a list.
 *
 * Other clients' states come from the server, which relays whatever clients
 * send, so each is checked against `PresenceState` and dropped if invalid.
 * Our own state is never null while the replica is open: y-websocket keeps
 * its connection alive by renewing the local state every 15 s and reconnects
 * after 30 s without a message, so "no presence" is the empty state `{}`
 * (which other clients drop as invalid).
 */
import type { Awareness } from 'y-protocols/awareness';
import { type PresencePeer, PresenceState } from '../../../common/bridge.ts';

/** More peers than any committee has; a bound against a flood of states. */
const maxPeers = 500;

export class ReplicaPresence {
  private lastSent = '';
  private readonly onChange = (): void => this.report(false);

  constructor(
    private readonly awareness: Awareness,
    private readonly onPeers: (peers: PresencePeer[]) => void,
  ) {
    awareness.setLocalState({});
    awareness.on('change', this.onChange);
  }

  /** Sets this client's state (null: present but showing nothing). */
  set(state: PresenceState | null): void {
    this.awareness.setLocalState(state ?? {});
  }

  /** The other clients' valid states, by client id. */
  peers(): PresencePeer[] {
    const peers: PresencePeer[] = [];
    for (const [clientId, raw] of this.awareness.getStates()) {
      if (clientId === this.awareness.clientID) continue;
      const parsed = PresenceState.safeParse(raw);
      if (parsed.success) peers.push({ clientId, state: parsed.data });
      if (peers.length >= maxPeers) break;
    }
    return peers.sort((a, b) => a.clientId - b.clientId);
  }

  /** Sends the peers if they changed since the last report, or always when `force`d (after an open). */
  report(force: boolean): void {
    const peers = this.peers();
    const key = JSON.stringify(peers);
    if (!force && key === this.lastSent) return;
    this.lastSent = key;
    this.onPeers(peers);
  }

  destroy(): void {
    this.awareness.off('change', this.onChange);
  }
}
