/**
 * The sandboxed preload: exposes exactly one global, `window.chamber`, and
 * nothing of Node or Electron. Every call goes over one IPC channel to the
 * main process, which validates it (common/bridge.ts) before the host sees it.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  ipcChannels,
  type BridgeErrorPayload,
  type BridgeEvent,
  type BridgeEvents,
  type BridgeResults,
  type ChamberBridge,
} from '../common/bridge.ts';

/** What the main process replies on `ipcChannels.invoke` (errors are values: a thrown Error would lose its code). */
type InvokeReply = { ok: true; result: unknown } | { ok: false; error: BridgeErrorPayload };

/**
 * contextBridge copies only the message of an Error into the page, so a
 * rejection is a plain error-shaped object instead, which keeps `code`.
 */
interface BridgeRejection {
  name: 'BridgeError';
  code: BridgeErrorPayload['code'];
  message: string;
  toString(): string;
}

function rejection(error: BridgeErrorPayload): BridgeRejection {
  return {
    name: 'BridgeError',
    code: error.code,
    message: error.message,
    toString: () => `BridgeError [${error.code}]: ${error.message}`,
  };
}

const invoke: ChamberBridge['invoke'] = async (method, args) => {
  const reply = (await ipcRenderer.invoke(ipcChannels.invoke, method, args)) as InvokeReply;
  if (!reply.ok) throw rejection(reply.error);
  return reply.result as BridgeResults[typeof method];
};

const on: ChamberBridge['on'] = (event, listener) => {
  const forward = (_ipcEvent: IpcRendererEvent, message: { event: BridgeEvent; payload: unknown }): void => {
    if (message.event === event) listener(message.payload as BridgeEvents[typeof event]);
  };
  ipcRenderer.on(ipcChannels.event, forward);
  return () => {
    ipcRenderer.removeListener(ipcChannels.event, forward);
  };
};

const bridge = { invoke, on } satisfies ChamberBridge;

contextBridge.exposeInMainWorld('chamber', bridge);
