/**
 * `connectBridge()`: the one way the UI reaches the desktop host. Inside
 * Electron the preload has already put `window.chamber` there; in browser mode
 * we get the per-run token (token.ts), build the loopback client and install
 * it ourselves.
 */
import type { ChamberBridge } from '../../../common/bridge.ts';
import { createBrowserBridge } from './browser-bridge.ts';
import { forgetBrowserToken, obtainBrowserToken } from './token.ts';

declare global {
  interface Window {
    chamber?: ChamberBridge;
  }
}

type ReconnectListener = () => void;
const reconnectListeners = new Set<ReconnectListener>();

/** Called when the events channel came back after a drop: events may have been missed. */
export function onBridgeReconnected(listener: ReconnectListener): () => void {
  reconnectListeners.add(listener);
  return () => reconnectListeners.delete(listener);
}

export type BridgeConnection = { bridge: ChamberBridge } | { bridge: null; linkRefused: boolean };

/** The bridge, or why there is none: no preload and no browser-mode token (`linkRefused`: the link's code was expired or used). */
export async function connectBridge(): Promise<BridgeConnection> {
  if (window.chamber) return { bridge: window.chamber };
  const outcome = await obtainBrowserToken();
  if (outcome.kind !== 'token') return { bridge: null, linkRefused: outcome.kind === 'link-refused' };
  const bridge = createBrowserBridge({
    token: outcome.token,
    onEventsReconnected: () => reconnectListeners.forEach((listener) => listener()),
    onUnauthorised: forgetBrowserToken,
  });
  window.chamber = bridge;
  return { bridge };
}
