/**
 * Helpers for tests of Yjs through the desktop host: bridge calls carrying
 * bytes, the host's bridge events, replica status, and independent
 * y-websocket clients straight to the server.
 */
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { YjsReplicaStatus } from '../../common/bridge.ts';
import { fromBridgeJson, toBridgeJson } from '../../common/bridge-json.ts';
import { yjsPaths } from '../../common/wire.ts';
import { waitFor } from './host-council.ts';
import { callBridge, type HostProcess } from './host-process.ts';

/** A bridge call with Uint8Arrays in its arguments and result, as the browser transport carries them. */
export async function yjsCall<T>(host: HostProcess, method: string, args: unknown): Promise<T> {
  return fromBridgeJson(await callBridge(host, method, toBridgeJson(args))) as T;
}

export function waitForStatus(host: HostProcess, docName: string, connection: YjsReplicaStatus['connection']): Promise<YjsReplicaStatus> {
  let last: YjsReplicaStatus | undefined;
  return waitFor(
    async () => {
      last = await callBridge<YjsReplicaStatus>(host, 'yjs.status', { docName });
      return last.connection === connection ? last : undefined;
    },
    () => `${docName} to be ${connection}, last ${JSON.stringify(last)}\n${host.output().slice(-2000)}`,
  );
}

/** An independent client straight to the server (not through the host). */
export function directClient(serverUrl: string, token: string, docName: string): { doc: Y.Doc; provider: WebsocketProvider; close(): void } {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(serverUrl.replace(/^http/, 'ws') + yjsPaths.base, docName, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    protocols: [`chamber-token.${token}`],
    disableBc: true,
  });
  return {
    doc,
    provider,
    close: () => {
      provider.destroy();
      provider.awareness.destroy();
      doc.destroy();
    },
  };
}

/** Bridge events from the host's browser-mode events socket, in arrival order. */
export function collectEvents(host: HostProcess): { events: Array<{ event: string; payload: unknown }>; opened: Promise<void>; close(): void } {
  const events: Array<{ event: string; payload: unknown }> = [];
  const socket = new WebSocket(`${host.origin.replace('http', 'ws')}/bridge/events`, [`chamber-token.${host.token}`], {
    headers: { origin: host.origin },
  });
  const opened = new Promise<void>((resolve) => socket.once('open', () => resolve()));
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as { event: string; payload: unknown };
    events.push({ event: message.event, payload: fromBridgeJson(message.payload) });
  });
  return { events, opened, close: () => socket.terminate() };
}
