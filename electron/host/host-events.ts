/** A small typed event hub for the bridge events (`sync.status`, `mirror.changed`). */
import type { BridgeEvent, BridgeEvents } from '../../common/bridge.ts';

type Listener<E extends BridgeEvent> = (payload: BridgeEvents[E]) => void;

export class HostEvents {
  private readonly listeners = new Map<BridgeEvent, Set<Listener<BridgeEvent>>>();

  on<E extends BridgeEvent>(event: E, listener: Listener<E>): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener as Listener<BridgeEvent>);
    this.listeners.set(event, set);
    return () => {
      set.delete(listener as Listener<BridgeEvent>);
    };
  }

  emit<E extends BridgeEvent>(event: E, payload: BridgeEvents[E]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        listener(payload);
      } catch {
        // One broken listener (e.g. a closed window) must not stop the others or the sync loop.
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
