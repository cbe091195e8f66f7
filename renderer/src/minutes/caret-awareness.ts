/**
 * The awareness Tiptap's CollaborationCaret works on, bridged to the host's.
 *
 * The renderer holds no connection to the server: the host's replica owns the
 * document's awareness (and validates every other client's state against
 * `PresenceState`). This y-protocols Awareness stands in for it in the page:
 * the caret plugin writes our `cursor` here, which goes to the host as our
 * presence (throttled, see sharePresence); the host's `yjs.awareness` peers
 * come back in as the other clients' states, with the name and colour the
 * caret shows (the colour is ours to choose per person, whatever a client claims).
 */
import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import type { ChamberBridge, PresencePeer, PresenceState } from '../../../common/bridge.ts';
import { colourFor } from '../presence/avatar.ts';
import { sharePresence, type SharedPresence } from '../presence/use-awareness.ts';

export interface CaretUser {
  userId: string;
  name: string;
}

type RelativePositionJson = NonNullable<PresenceState['cursor']>['anchor'];

/** The caret plugin's `cursor` field (Y.RelativePositions) as plain JSON the bridge validates. */
function cursorJson(cursor: unknown): PresenceState['cursor'] {
  if (!cursor || typeof cursor !== 'object') return null;
  const { anchor, head } = cursor as { anchor?: Y.RelativePosition; head?: Y.RelativePosition };
  if (!anchor || !head) return null;
  return { anchor: positionJson(anchor), head: positionJson(head) };
}

function positionJson(position: Y.RelativePosition): RelativePositionJson {
  const json: RelativePositionJson = {};
  if (position.type) json.type = { client: position.type.client, clock: position.type.clock };
  if (position.tname) json.tname = position.tname;
  if (position.item) json.item = { client: position.item.client, clock: position.item.clock };
  if (position.assoc) json.assoc = position.assoc;
  return json;
}

export class CaretAwareness extends Awareness {
  private readonly presence: SharedPresence;
  private readonly offPeers: () => void;

  constructor(
    bridge: ChamberBridge,
    docName: string,
    doc: Y.Doc,
    private readonly user: CaretUser,
  ) {
    super(doc);
    this.presence = sharePresence(bridge, docName, () => this.presenceState());
    this.on('change', (_changes: unknown, origin: unknown) => {
      if (origin === 'local') this.presence.update();
    });
    this.offPeers = bridge.on('yjs.awareness', (payload) => {
      if (payload.docName === docName) this.showPeers(payload.peers);
    });
  }

  /** What the host shares for us: who we are and, while we are in the text, our caret. */
  private presenceState(): PresenceState {
    const cursor = cursorJson((this.getLocalState() as { cursor?: unknown } | null)?.cursor);
    return { userId: this.user.userId, name: this.user.name, color: colourFor(this.user.userId), ...(cursor ? { cursor } : {}) };
  }

  /** Replaces the other clients' states with the host's list (changes only, as a remote change). */
  private showPeers(peers: PresencePeer[]): void {
    const added: number[] = [];
    const updated: number[] = [];
    const removed: number[] = [];
    const present = new Set<number>();
    for (const { clientId, state } of peers) {
      if (clientId === this.clientID) continue;
      present.add(clientId);
      const shown = { userId: state.userId, user: { name: state.name, color: colourFor(state.userId) }, cursor: state.cursor ?? null };
      const before = this.states.get(clientId);
      if (before === undefined) added.push(clientId);
      else if (JSON.stringify(before) !== JSON.stringify(shown)) updated.push(clientId);
      else continue;
      this.states.set(clientId, shown);
    }
    for (const clientId of [...this.states.keys()]) {
      if (clientId !== this.clientID && !present.has(clientId)) {
        this.states.delete(clientId);
        removed.push(clientId);
      }
    }
    if (added.length + updated.length + removed.length === 0) return;
    this.emit('change', [{ added, updated, removed }, 'remote']);
    this.emit('update', [{ added, updated, removed }, 'remote']);
  }

  override destroy(): void {
    this.offPeers();
    this.presence.leave();
    super.destroy();
  }
}
