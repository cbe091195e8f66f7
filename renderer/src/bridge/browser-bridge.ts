/**
 * The browser-mode transport of the bridge: calls are `POST /bridge/invoke/<method>`
 * with the per-run token in a header; events arrive on a WebSocket that carries
 * the token as its subprotocol (browsers cannot set headers on WebSockets).
 * The socket reconnects with capped exponential backoff, so a host restart or
 * a sleeping laptop heals by itself.
 */
import { z } from 'zod';
import {
  BridgeError,
  BridgeErrorPayload,
  bridgeEventNames,
  browserBridgePaths,
  type BridgeEvent,
  type BridgeEvents,
  type BridgeMethod,
  type BridgeResults,
  type ChamberBridge,
} from '../../../common/bridge.ts';
import { fromBridgeJson, toBridgeJson } from '../../../common/bridge-json.ts';

const EventMessage = z.object({ event: z.enum(bridgeEventNames), payload: z.unknown() });
const ResultEnvelope = z.object({ result: z.unknown() });
const ErrorEnvelope = z.object({ error: BridgeErrorPayload });

type Listener = (payload: unknown) => void;

export interface BrowserBridgeOptions {
  token: string;
  /** Origin of the host, e.g. http://127.0.0.1:4321; defaults to the page's own. */
  origin?: string;
  /** Told whenever the events socket (re)connects, so views can catch up on what they missed. */
  onEventsReconnected?: () => void;
  /** Told when the host refuses the token (e.g. it was restarted and has a new one). */
  onUnauthorised?: () => void;
}

const firstRetryMs = 500;
const maxRetryMs = 15_000;

export function createBrowserBridge(options: BrowserBridgeOptions) {
  const origin = options.origin ?? window.location.origin;
  const listeners = new Map<BridgeEvent, Set<Listener>>();
  let retryMs = firstRetryMs;
  let everConnected = false;

  async function invoke<M extends BridgeMethod>(method: M, args: unknown): Promise<BridgeResults[M]> {
    let response: Response;
    try {
      response = await fetch(origin + browserBridgePaths.invoke(method), {
        method: 'POST',
        headers: { 'content-type': 'application/json', [browserBridgePaths.tokenHeader]: options.token },
        body: JSON.stringify(toBridgeJson(args ?? {})),
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch (cause) {
      throw new BridgeError('internal', `The desktop host did not answer (${String(cause)})`);
    }
    const contentType = response.headers.get('content-type') ?? '';
    if (response.ok && contentType.startsWith('application/octet-stream')) {
      return new Uint8Array(await response.arrayBuffer()) as BridgeResults[M];
    }
    const body: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      const parsed = ErrorEnvelope.safeParse(body);
      if (parsed.success && parsed.data.error.code === 'unauthorised') options.onUnauthorised?.();
      if (parsed.success) throw new BridgeError(parsed.data.error.code, parsed.data.error.message);
      throw new BridgeError('internal', `The desktop host answered ${response.status} to ${method}`);
    }
    const envelope = ResultEnvelope.safeParse(body);
    if (!envelope.success) throw new BridgeError('internal', `The desktop host sent an unreadable answer to ${method}`);
    return fromBridgeJson(envelope.data.result) as BridgeResults[M];
  }

  function dispatch(event: BridgeEvent, payload: unknown): void {
    for (const listener of listeners.get(event) ?? []) {
      try {
        listener(payload);
      } catch (error) {
        console.error(`A listener for ${event} failed`, error);
      }
    }
  }

  function connectEvents(): void {
    const socketUrl = origin.replace(/^http/, 'ws') + browserBridgePaths.events;
    const socket = new WebSocket(socketUrl, [browserBridgePaths.tokenProtocolPrefix + options.token]);
    socket.addEventListener('open', () => {
      retryMs = firstRetryMs;
      if (everConnected) options.onEventsReconnected?.();
      everConnected = true;
    });
    socket.addEventListener('message', (message) => {
      if (typeof message.data !== 'string') return;
      let json: unknown;
      try {
        json = JSON.parse(message.data);
      } catch {
        return; // not ours to interpret
      }
      const parsed = EventMessage.safeParse(json);
      if (parsed.success) dispatch(parsed.data.event, fromBridgeJson(parsed.data.payload));
    });
    socket.addEventListener('close', () => {
      // Jitter keeps many tabs from reconnecting in lockstep.
      const delay = retryMs * (0.75 + Math.random() * 0.5);
      retryMs = Math.min(retryMs * 2, maxRetryMs);
      window.setTimeout(connectEvents, delay);
    });
  }

  connectEvents();

  return {
    invoke,
    // pdf.js fetches opened documents itself (with byte ranges); the host wants the token on those too.
    documentRequestHeaders: { [browserBridgePaths.tokenHeader]: options.token },
    on<E extends BridgeEvent>(event: E, listener: (payload: BridgeEvents[E]) => void): () => void {
      const set = listeners.get(event) ?? new Set<Listener>();
      listeners.set(event, set);
      const wrapped = listener as Listener;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
  } satisfies ChamberBridge;
}
