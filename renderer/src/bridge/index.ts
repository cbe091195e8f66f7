/**
 * `getBridge()`: the one way the UI reaches the desktop host. Inside Electron
 * the preload has already put `window.chamber` there; in browser mode we build
 * the loopback client from the per-run token and install it ourselves.
 */
import type { ChamberBridge } from '../../../common/bridge.ts';
import { createBrowserBridge } from './browser-bridge.ts';
import { forgetBrowserToken, takeBrowserToken } from './token.ts';

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

/** The bridge, or null when neither the preload nor a browser-mode token is available. */
export function getBridge(): ChamberBridge | null {
  if (window.chamber) return window.chamber;
  const token = takeBrowserToken();
  if (!token) return null;
  const bridge = createBrowserBridge({
    token,
    onEventsReconnected: () => reconnectListeners.forEach((listener) => listener()),
    onUnauthorised: forgetBrowserToken,
  });
  window.chamber = bridge;
  return bridge;
}
