import * as decoding from 'lib0/decoding';

/**
 * Whether a client's awareness update speaks only for itself: every entry is
 * for a client id no other connection holds, and any `userId` a state claims
 * is the sender's own. Without this one member could show themself as someone
 * else, or clear other people's presence by sending null for their ids.
 * The content of states is otherwise the clients' business (each client
 * validates what it shows).
 */
export function awarenessSpeaksForSender(update: Uint8Array, userId: string, heldByOthers: (clientId: number) => boolean): boolean {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    decoding.readVarUint(decoder); // clock
    const state = JSON.parse(decoding.readVarString(decoder)) as unknown;
    if (heldByOthers(clientId)) return false;
    if (state !== null && typeof state === 'object' && 'userId' in state && state.userId !== userId) return false;
  }
  return true;
}
